"""What the tests share: factories, the test world, a clock, fakes, and servers that speak GSIS and Graph."""
