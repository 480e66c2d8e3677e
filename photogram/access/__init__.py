"""Who may see what: each rule stated once in `rules`, beside the encodings that apply it elsewhere.

`rules` is the reference, in plain Python. `querysets` filters in the database (lists, lookups, grids),
`page_facts` reads one page's facts in one query and hands them to `rules` itself, `audience` picks the
followers whose home feeds fan-out writes, and `stories` reads what the story rules need about a tray's
authors at once. tests/access/test_rules_agree.py holds them all to `rules` for every kind of viewer, post
and author (the story rules are held by tests/stories).
"""
