"""A small community with real photos, served as `make run` serves it: what `make screenshots` and the
lighthouse bench look at.

Six people who follow each other, a few posts each with photos drawn here (skies, hills, towns; the same for
the same seed), captions with hashtags, comments and likes, so every page has something to show and the
first person, the viewer, has a home feed and notifications. Everything goes through Photogram's services,
media through the real pipeline, into its own embedded data directory (var/showcase/ by default), seeded
once. The server is bin/serve, the embedded profile's one process. `python -m bench.showcase` serves it, to
look around by hand.
"""

from __future__ import annotations

import http.cookiejar
import io
import os
import random
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.harness import _free_port, _stop

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"
DATA_DIR = REPO / "var" / "showcase"
PASSWORD = "showcase password 1"  # noqa: S105 - a demo account on loopback
SEEDED = "showcase-seeded"

# (username, display name, bio); the first is the viewer of signed-in pages.
PEOPLE = [
    ("maya", "Maya Torres", "Light chaser. Film and digital, mostly mornings."),
    ("leo", "Leo Brandt", "Streets, trams and the people in between."),
    ("ines", "Inês Carvalho", "Coastlines and the colour of late afternoon."),
    ("sam", "Sam Okafor", "Hiking with a heavy camera. Worth it."),
    ("noor", "Noor Haddad", "Architecture, shadows and symmetry."),
    ("kai", "Kai Nakamura", "Small things, close up."),
]
CAPTIONS = [
    "First light over the ridge this morning #sunrise #mountains",
    "The tram stop at golden hour #city #streetphotography",
    "Low tide, long shadows #coast #goldenhour",
    "Three days of walking for this view #hiking #mountains",
    "Lines and light on the old library #architecture",
    "Evening walk along the harbour #coast #city",
    "Fog rolling through the valley #landscape #sunrise",
    "Rooftops after the rain #city #architecture",
    "Camp at the lake, last night of the trip #hiking #landscape",
    "The hills turning orange #goldenhour #landscape",
]
COMMENTS = ["What a light!", "This one is beautiful.", "Where was this taken?", "The colours here.", "Love it."]


@dataclass(frozen=True)
class Facts:
    """What the pages of the showcase are addressed by."""

    viewer: str
    profile: str
    profile_id: str
    post: str
    tag: str
    query: str
    token: str  # the viewer's API access token, for the API calls that carry what the pages show


# --- drawing ----------------------------------------------------------------------------------------


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    r, g, bl = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return r, g, bl


def photo(rng: random.Random, size: tuple[int, int]) -> bytes:
    """A JPEG of a made-up landscape: a graded sky, a sun, hills in receding tones, sometimes a town."""
    from PIL import Image, ImageDraw, ImageFilter

    width, height = size
    skies = [((255, 190, 120), (90, 120, 190)), ((250, 220, 170), (120, 170, 220)), ((40, 50, 110), (230, 120, 90))]
    top, bottom = rng.choice(skies)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_mix(bottom, top, y / height))
    sun = (rng.randint(width // 5, 4 * width // 5), rng.randint(height // 6, height // 2))
    radius = rng.randint(width // 16, width // 9)
    draw.ellipse([sun[0] - radius, sun[1] - radius, sun[0] + radius, sun[1] + radius], fill=(255, 236, 200))
    land = rng.choice([(60, 90, 70), (90, 70, 90), (50, 70, 100)])
    layers = rng.randint(3, 5)
    for layer in range(layers):
        base = height * (0.45 + 0.5 * (layer + 1) / (layers + 1))
        colour = _mix(_mix(land, top, 0.6), land, layer / max(1, layers - 1))
        points: list[tuple[float, float]] = [(0, height)]
        for x in range(0, width + 80, 80):
            points.append((x, base - rng.uniform(0, height * 0.12)))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    if rng.random() < 0.5:
        ground = int(height * 0.85)
        for x in range(0, width, max(12, width // 40)):
            tall = rng.randint(height // 20, height // 6)
            draw.rectangle([x, ground - tall, x + width // 50, height], fill=(35, 35, 50))
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88)
    return buffer.getvalue()


def avatar(rng: random.Random) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 400), tuple(rng.randint(60, 200) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    draw.ellipse([120, 70, 280, 230], fill=(250, 225, 200))
    draw.ellipse([60, 250, 340, 520], fill=tuple(rng.randint(30, 120) for _ in range(3)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# --- seeding ----------------------------------------------------------------------------------------


def environment(data_dir: Path = DATA_DIR) -> dict[str, str]:
    """The variables of the showcase's own embedded instance."""
    return {
        "PHOTOGRAM_PROFILE": "embedded",
        "PHOTOGRAM_DATA_DIR": str(data_dir),
        "PHOTOGRAM_DEBUG": "false",
        "PHOTOGRAM_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "photogram.settings",
    }


def _seed(seed: int) -> None:
    """Make the community (in this process, with Django set up for the showcase's data directory)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from photogram.accounts.models import User
    from photogram.accounts.services import graph, profile
    from photogram.media.services.upload import accept_upload
    from photogram.posts.services import interactions, publishing

    rng = random.Random(seed)  # noqa: S311 - pictures, not secrets
    people = []
    for username, name, bio in PEOPLE:
        user = User.objects.create_user(username=username, email=f"{username}@example.org", password=PASSWORD)
        picture = SimpleUploadedFile("avatar.png", avatar(rng), content_type="image/png")
        people.append(profile.update_profile(user, display_name=name, note=bio, avatar=picture))
    for person in people:
        for other in people:
            if other is not person and (person is people[0] or rng.random() < 0.7):
                graph.follow(person, other)
    shapes = [(1600, 1200), (1200, 1500), (1200, 1200)]
    posts = []
    for number, caption in enumerate(CAPTIONS * 2):
        author = people[1 + number % (len(people) - 1)] if number % 4 else people[0]
        media = []
        for _ in range(3 if number % 5 == 0 else 1):
            upload = SimpleUploadedFile("photo.jpg", photo(rng, rng.choice(shapes)), content_type="image/jpeg")
            media.append(accept_upload(author, upload, description=caption.split(" #")[0]).pk)
        posts.append(publishing.publish(author, caption, media))
    for post in posts:
        for person in rng.sample(people, rng.randint(1, len(people) - 1)):
            if person.pk != post.author_id:
                interactions.favourite(person, post.pk)
        if rng.random() < 0.5:
            commenter = rng.choice([p for p in people if p.pk != post.author_id])
            publishing.publish(commenter, rng.choice(COMMENTS), [], in_reply_to_id=post.pk)


def prepare(data_dir: Path = DATA_DIR, seed: int = 1) -> Facts:
    """Migrate and seed the showcase's data directory (once), and return its pages' facts."""
    env = {**os.environ, **environment(data_dir)}
    data_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(PYTHON), "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO, env=env, check=True)
    subprocess.run([str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v0"], cwd=REPO, env=env, check=True)
    os.environ.update(environment(data_dir))
    import django

    django.setup()
    from photogram.posts.models import Status

    marker = data_dir / SEEDED
    if not marker.exists():
        started = time.monotonic()
        print(f"seeding the showcase community into {data_dir.relative_to(REPO)}/ ...", flush=True)
        _seed(seed)
        marker.write_text(f"seed {seed}\n")
        print(f"  seeded in {time.monotonic() - started:.0f} s", flush=True)
    author = PEOPLE[1][0]
    post = Status.objects.filter(author__username=author, in_reply_to=None).order_by("-pk")[0]
    return Facts(
        viewer=PEOPLE[0][0],
        profile=author,
        profile_id=str(post.author_id),
        post=str(post.pk),
        tag="landscape",
        query="coast",
        token=_token(PEOPLE[0][0]),
    )


def _token(username: str) -> str:
    """An access token of the showcase's own app for `username`, made once and kept with the data."""
    from datetime import timedelta

    from django.utils import timezone
    from oauth2_provider.models import AccessToken

    from bench.scenarios import oauth_application
    from photogram.accounts.models import User

    application = oauth_application("photogram-showcase")
    token, _ = AccessToken.objects.get_or_create(
        user=User.objects.get(username=username),
        application=application,
        defaults={"token": f"showcase-{username}", "expires": timezone.now() + timedelta(days=3650), "scope": "read"},
    )
    return str(token.token)


def signed_in_cookies(url: str, username: str, password: str = PASSWORD) -> dict[str, str]:
    """Sign in through the form as a browser does (CSRF token and all); return the cookies it ends with."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{url}/auth/sign_in") as page:
        form = page.read().decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    if found is None:
        raise RuntimeError("the sign-in page has no CSRF token")
    fields = {"csrfmiddlewaretoken": found.group(1), "username": username, "password": password}
    request = urllib.request.Request(  # noqa: S310 - our own loopback server
        f"{url}/auth/sign_in", data=urllib.parse.urlencode(fields).encode(), headers={"Referer": f"{url}/auth/sign_in"}
    )
    with opener.open(request):
        pass
    cookies = {cookie.name: str(cookie.value) for cookie in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(f"signing in as {username} did not start a session")
    return cookies


# --- serving ----------------------------------------------------------------------------------------


@contextmanager
def served(data_dir: Path = DATA_DIR) -> Iterator[str]:
    """Run bin/serve for the showcase on a free port; yield its URL."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, **environment(data_dir), "HOST": "127.0.0.1", "PORT": str(port), "PHOTOGRAM_PUBLIC_URL": url}
    server = subprocess.Popen([str(REPO / "bin" / "serve")], cwd=REPO, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2):  # noqa: S310 - our own loopback server
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"bin/serve did not answer on {url}") from None
                time.sleep(0.2)
        yield url
    finally:
        _stop(server)


if __name__ == "__main__":
    facts = prepare()
    with served() as address:
        print(f"the showcase on {address} (sign in as {facts.viewer} / {PASSWORD}); Ctrl-C stops it", flush=True)
        try:
            signal.pause()
        except KeyboardInterrupt:
            sys.exit(0)
