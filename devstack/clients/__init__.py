"""Replays of what real Mastodon apps (Phanpy, Elk, Tusky, Ice Cubes) send when they start: `bin/replay-clients`.

Standard library only, like the rest of devstack: it runs against any instance without Photogram installed.
"""
