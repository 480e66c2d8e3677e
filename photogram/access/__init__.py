"""Who may see what: each rule stated once in `rules`, beside the encodings that apply it elsewhere.

`rules` is the reference, in plain Python. `querysets` filters in the database (lists, lookups, grids),
`page_facts` reads one page's facts in one query and hands them to `rules` itself, and `audience` picks the
followers whose home feeds fan-out writes. tests/access/test_rules_agree.py holds them all to `rules` for
every kind of viewer, post and author.
"""
