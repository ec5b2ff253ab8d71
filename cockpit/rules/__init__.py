"""Pure checks over plain values: no database, no Qt. Each returns what the app shows."""
