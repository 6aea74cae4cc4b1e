"""``replylint-lsp`` / ``python -m replylint.lsp``: run the language server."""
from __future__ import annotations

import argparse
import logging
import os
import sys

from . import __version__


def _host_port(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {value!r}")
    return host or "127.0.0.1", int(port)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="replylint-lsp",
                                     description="replylint language server (LSP over stdio by default)")
    parser.add_argument("--stdio", action="store_true", help="talk LSP over stdin/stdout (the default)")
    parser.add_argument("--tcp", type=_host_port, metavar="HOST:PORT", help="listen on a TCP socket instead")
    parser.add_argument("--clientProcessId", "--client-process-id", dest="client_pid", type=int, metavar="PID",
                        help="exit when this process (the editor) is gone; also taken from initialize's processId")
    parser.add_argument("--log-level", default="WARNING", choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                        help="logging to stderr (default: WARNING)")
    parser.add_argument("--version", action="version", version=f"replylint-lsp {__version__}")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level, stream=sys.stderr,
                        format="replylint-lsp %(levelname)s %(name)s: %(message)s")

    from .server import create_server  # after argument parsing: --help stays instant
    from .transport import serve_stdio, serve_tcp

    server = create_server(args.client_pid)
    if args.tcp:
        host, port = args.tcp
        return serve_tcp(server, host, port)
    return serve_stdio(server)


def run() -> None:
    """Console entry point: exit with the server's status without waiting for worker threads
    (a check still running in one must not delay ``exit``)."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    run()
