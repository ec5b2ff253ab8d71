"""The guided reset session: the panel that runs it on the projector."""
