//go:build !unix

package events_test

func freeBytes(string) int64 { return -1 }
