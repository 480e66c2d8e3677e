"""A newcomer's first video works: the programs the pipeline runs are the ones `make run` installs.

On the embedded profile nothing starts services, so `bin/services up` (which the full profile's `make run`
calls) never runs there; `make run` installs the app's programs itself, from devstack/tools.py's list.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from devstack import tools
from photogram.media.models import MediaAttachment
from photogram.media.processing import video
from tests.conftest import REPO_ROOT
from tests.media.videos import make_video
from tests.support.api import as_user, make_user


@pytest.mark.embedded_only
@pytest.mark.django_db(transaction=True)
def test_a_first_video_upload_on_embedded_runs_only_programs_make_run_installs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[str] = []
    real_run = video._run

    def recording_run(command: list[str], deadline: Any) -> Any:
        ran.append(Path(command[0]).name)
        return real_run(command, deadline)

    monkeypatch.setattr(video, "_run", recording_run)
    clip = make_video(tmp_path / "first.mp4")
    client = as_user(make_user("newcomer", with_password=False))

    response = client.post(
        "/api/v2/media", {"file": SimpleUploadedFile("first.mp4", clip.read_bytes(), content_type="video/mp4")}
    )

    assert response.status_code in {200, 202}, response.content
    # Inline on embedded: processed once the upload's transaction committed.
    media = MediaAttachment.objects.get(pk=response.json()["id"])
    assert client.get(f"/api/v1/media/{media.pk}").json()["url"], "the video was not processed"
    assert {"ffmpeg", "ffprobe"} <= set(ran)
    installed_by_make_run = {program for programs in tools.RUN.values() for program in programs}
    assert set(ran) <= installed_by_make_run


def test_make_run_installs_the_apps_programs_on_the_embedded_profile() -> None:
    plan = subprocess.run(
        ["make", "--dry-run", "run", "PROFILE=embedded"],  # noqa: S607 - make, as a newcomer types it
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "bin/services tools run" in plan
