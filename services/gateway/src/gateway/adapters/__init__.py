"""What lies outside the gateway's domain: password hashing, rate limits, RPC, the identity
provider."""
