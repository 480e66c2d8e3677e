"""What real Mastodon apps (Phanpy, Elk, Tusky, Ice Cubes, Ivory) send when they start: `bin/replay-clients`.

Standard library only, like the rest of devstack: it runs against any instance without Photogram installed.
"""
