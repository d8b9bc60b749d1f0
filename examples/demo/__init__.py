"""``make demo``: the whole specgen loop on the demo services (``python -m examples.demo``).

1. pacts for each consumer -> provider pair and WireMock stubs for every provider;
2. the consumer client (``examples.consumer``) against WireMock serving those stubs;
3. every pact cross-checked against its provider's spec as a matrix, then against a
   provider spec with a breaking change;
4. the order service with planted bugs fuzzed, with reproducers;
5. where everything is. Everything started is stopped, also on failure or Ctrl-C.
"""
