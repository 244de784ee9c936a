"""Operating the service: settings, the composition root, the kraken CLI."""
