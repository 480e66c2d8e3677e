from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from photogram.core.health.checks import run_checks


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Answer 200 when every backend of this profile is up, else 503 naming the failing ones."""
    results = run_checks()
    failing = [result.name for result in results if not result.ok]
    body = {
        "status": "failing" if failing else "ok",
        "profile": settings.PHOTOGRAM_PROFILE,
        "failing": failing,
        "checks": {
            result.name: {
                "status": "ok" if result.ok else "failing",
                "latency_ms": result.latency_ms,
                "detail": result.detail,
            }
            for result in results
        },
    }
    return JsonResponse(body, status=503 if failing else 200)
