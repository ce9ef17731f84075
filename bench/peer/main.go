// Command peer is the go-control-plane side of `npm run bench -- --peer`: go-control-plane's SnapshotCache and v3
// server (the reference xDS server) serving the resources `xds-sandbox translate` prints, and one Envoy-like ADS
// client that the benchmark points at either server.
//
//	peer server -set BASE.json [-addr 127.0.0.1:0]
//	peer client -addr HOST:PORT [-streams N] [-node-prefix ID]
//
// Both speak line by line on stdin and stdout; see server.go and client.go.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: peer server|client [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "server":
		err = runServer(os.Args[2:])
	case "client":
		err = runClient(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q: use server or client", os.Args[1])
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "peer %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}
