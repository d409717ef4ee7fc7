"""Lessons and the knowledge product (kennisproduct). The models follow in a later change."""
