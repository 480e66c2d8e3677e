"""Discovery: trends, follow suggestions, featured hashtags, endorsements and the profile directory."""
