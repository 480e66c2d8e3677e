__all__ = ['ttypes', 'constants', 'FeedService']
