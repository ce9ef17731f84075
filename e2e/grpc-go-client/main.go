// Command grpc-go-client makes unary calls through gRPC-Go's xDS client (google.golang.org/grpc/xds),
// configured by the bootstrap in GRPC_XDS_BOOTSTRAP_CONFIG, and prints one JSON line per call: the
// backend that answered (the echo backends of the tests answer {"backend": NAME}) or the status code.
// Messages are JSON bytes, as the echo backends expect.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	_ "google.golang.org/grpc/xds" // registers the xds:/// resolver, the xDS balancers and HTTP filters
)

// rawCodec sends and receives the message bytes as they are, under the name "proto" the servers accept.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) { return *(v.(*[]byte)), nil }
func (rawCodec) Unmarshal(b []byte, v any) error {
	*(v.(*[]byte)) = append([]byte(nil), b...)
	return nil
}
func (rawCodec) Name() string { return "proto" }

var _ encoding.Codec = rawCodec{}

type headers []string

func (h *headers) String() string     { return strings.Join(*h, ",") }
func (h *headers) Set(v string) error { *h = append(*h, v); return nil }

// result is what one call gave.
type result struct {
	Backend string `json:"backend,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message,omitempty"`
}

func main() {
	target := flag.String("target", "xds:///echo.local", "target to dial")
	method := flag.String("method", "/echo.Echo/Call", "full method name")
	calls := flag.Int("n", 1, "number of calls")
	timeout := flag.Duration("timeout", 5*time.Second, "deadline of each call")
	pause := flag.Duration("pause", 0, "pause between calls")
	wait := flag.Bool("wait", false, "wait for the channel to be ready (the xDS resources to arrive) instead of failing fast")
	var hs headers
	flag.Var(&hs, "header", "request metadata NAME=VALUE (repeatable)")
	flag.Parse()

	conn, err := grpc.NewClient(*target, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithDefaultCallOptions(grpc.ForceCodec(rawCodec{})))
	if err != nil {
		fmt.Fprintln(os.Stderr, "dial:", err)
		os.Exit(2)
	}
	defer conn.Close()
	md := metadata.MD{}
	for _, h := range hs {
		name, value, _ := strings.Cut(h, "=")
		md.Append(name, value)
	}
	out := json.NewEncoder(os.Stdout)
	for i := 0; i < *calls; i++ {
		ctx, cancel := context.WithTimeout(metadata.NewOutgoingContext(context.Background(), md), *timeout)
		req := []byte("{}")
		var reply []byte
		err := conn.Invoke(ctx, *method, &req, &reply, grpc.WaitForReady(*wait))
		cancel()
		r := result{Code: status.Code(err).String()}
		if err != nil {
			r.Message = status.Convert(err).Message()
		} else {
			var body struct {
				Backend string `json:"backend"`
			}
			_ = json.Unmarshal(reply, &body)
			r.Backend = body.Backend
		}
		_ = out.Encode(r)
		time.Sleep(*pause)
	}
}
