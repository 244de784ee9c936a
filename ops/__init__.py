"""Operating the service: the composition root (runtime.py), the kraken CLI, the benchmark and the fuzzer."""
