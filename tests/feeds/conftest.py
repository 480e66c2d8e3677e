"""What the feed tests share: a feed store per backend, and real relay and feed-service processes."""
