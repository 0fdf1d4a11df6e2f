"""Live design sessions over WebSocket (docs/live-protocol.md): routing, authentication and the consumer."""
