"""The workspace's routes under /ui (Jinja2 pages, plain forms, no script) and the app factory that
mounts them on the decision service.

Consumes the service (online.service), its engine and store, a Workspace over the scan named by
DISTILLGUARD_SCAN / _EVENTS / _ACCOUNTS / _RELEASES; produces HTML pages, a CSV labels file and
per-campaign STIX bundles."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

import orjson
from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from distillguard.config import Config
from distillguard.errors import InputError
from distillguard.io.schema import CAPABILITIES
from distillguard.online.engine import Engine
from distillguard.online.service import ServiceInfo, service_from_env, tokens_from
from distillguard.report.html import CSS, horizontal_bars, stacked_bars
from distillguard.ui.auth import COOKIE, SESSION_SECONDS, Auth, Session
from distillguard.ui.verdicts import (
    VERDICT_TEXT,
    VERDICTS,
    audit,
    campaign_bundle,
    campaign_verdicts,
    labels,
    lift,
    push,
    record_verdict,
    verdicts,
)
from distillguard.ui.workspace import PAGE, Workspace, redact

SECURITY_HEADERS = {
    # no script anywhere, nothing from elsewhere, forms only to this origin
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "Cache-Control": "no-store",
}


class SignInRequired(Exception):
    """No valid session: the page answers with the sign-in form."""


class Refused(Exception):
    """A form the session may not send (role too low, bad CSRF token, foreign origin)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _segment(value: str) -> str:
    """An id as one URL path segment (ids imported through the API may hold '/', '?' or '#').

    Examples
    --------
    >>> _segment("cmp_1/x?y#z")
    'cmp_1%2Fx%3Fy%23z'
    """
    return quote(str(value), safe="")


def _templates() -> Environment:
    env = Environment(loader=PackageLoader("distillguard.ui", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals.update(css=Markup(CSS), verdict_text=VERDICT_TEXT, verdicts=VERDICTS)
    env.filters["redact"] = redact
    env.filters["path"] = _segment
    env.filters["num"] = lambda v: f"{v:,}" if isinstance(v, int) else v
    env.filters["fixed"] = lambda v, d=3: "" if v is None else (
        f"{v:.{d}f}" if isinstance(v, float) else str(v))
    return env


def workspace_router(engine: Engine, auth: Auth, ws: Workspace) -> APIRouter:
    """Every /ui route; each page needs a session, each form its role and CSRF token."""
    router = APIRouter(prefix="/ui", include_in_schema=False)
    env = _templates()
    store = engine.store

    def page(name: str, session: Session | None, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(name).render(session=session, **context)
        return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)

    def signed_in(request: Request) -> Session:
        session = auth.session(request.cookies.get(COOKIE))
        if session is None:
            raise SignInRequired
        return session

    def form_session(request: Request, csrf: str | None, role: str) -> Session:
        session = signed_in(request)
        origin = request.headers.get("origin")
        if origin and urlsplit(origin).netloc != request.headers.get("host"):
            raise Refused("the form came from another site")
        if not auth.csrf_ok(session, csrf):
            raise Refused("the form's CSRF token is missing or stale; reload the page")
        if not session.may(role):
            raise Refused(f"your role ({session.role}) may not do this; it needs {role}")
        return session

    def back(url: str) -> RedirectResponse:
        return RedirectResponse(url, status_code=303, headers=SECURITY_HEADERS)

    @router.get("/login")
    def login_form() -> HTMLResponse:
        return page("login.html", None, error="")

    @router.post("/login")
    def login(token: Annotated[str, Form(max_length=4096)] = "") -> Response:
        cookie = auth.sign_in(token)
        if cookie is None:
            return page("login.html", None, status=401, error="Unknown token.")
        response = back("/ui/campaigns")
        response.set_cookie(COOKIE, cookie, max_age=SESSION_SECONDS, path="/ui", secure=True,
                            httponly=True, samesite="strict")
        return response

    @router.post("/logout")
    def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
        form_session(request, csrf, "viewer")
        response = back("/ui/login")
        response.delete_cookie(COOKIE, path="/ui", secure=True, httponly=True, samesite="strict")
        return response

    @router.get("")
    @router.get("/")
    def home(request: Request) -> Response:
        signed_in(request)
        return back("/ui/campaigns")

    @router.get("/campaigns")
    def campaigns(request: Request, sort: str = "score", order: str = "desc", capability: str = "",
                  verdict: str = "", since: str = "", evidence: str = "", page_no: int = 1
                  ) -> HTMLResponse:
        session = signed_in(request)
        listing = ws.list_campaigns(verdicts=campaign_verdicts(store), sort=sort,
                                    descending=order != "asc", capability=capability,
                                    verdict=verdict, since=since, evidence=evidence, page=page_no)
        filters = {"capability": capability, "verdict": verdict, "since": since, "evidence": evidence}

        def link(**changes: Any) -> str:
            query = {"sort": sort, "order": order, **filters, "page_no": listing.page} | changes
            return "/ui/campaigns?" + urlencode({k: v for k, v in query.items() if v not in ("", None)})

        return page("campaigns.html", session, listing=listing, sort=sort, order=order,
                    filters=filters, capabilities=CAPABILITIES,
                    evidence_kinds=ws.evidence_kinds(), link=link)

    # sub-routes first: an id may hold '/' (path parameters)
    @router.get("/campaigns/{campaign_id:path}/stix.json")
    def campaign_stix(request: Request, campaign_id: str) -> Response:
        signed_in(request)
        doc = ws.campaign(campaign_id)
        if doc is None or not doc.get("first_seen"):
            return page("missing.html", None, status=404, what=f"scanned campaign {campaign_id}")
        bundle = campaign_bundle(doc, ws.incidence(), engine.cfg.intel.hash_key, ws.gateways())
        return Response(orjson.dumps(bundle, option=orjson.OPT_INDENT_2), media_type="application/json",
                        headers=SECURITY_HEADERS | {
                            "Content-Disposition": f'attachment; filename="{campaign_id}.stix.json"'})

    @router.get("/campaigns/{campaign_id:path}")
    def campaign(request: Request, campaign_id: str, members_page: int = 1, show: int = 0
                 ) -> HTMLResponse:
        session = signed_in(request)
        doc = ws.campaign(campaign_id)
        if doc is None:
            return page("missing.html", session, status=404, what=f"campaign {campaign_id}")
        timeline = doc.get("timeline") or {}
        days = timeline.get("days", [])
        charts = [Markup(c) for c in (
            stacked_bars("Exchanges per day, by model (dashed: model released)", days,
                         timeline.get("exchanges_by_model", {}), markers=ws.release_days()),
            horizontal_bars("Capability mix", doc.get("capabilities") or {}),
            stacked_bars("Accounts born / gone per day", days,
                         {"born": timeline.get("accounts_born", []),
                          "gone": timeline.get("accounts_gone", [])}))] if days else []
        members, pages = ws.members(doc, members_page)
        return page("campaign.html", session, doc=doc, charts=charts, members=members,
                    members_page=members_page, pages=pages,
                    indicators=(ws.shared_indicators(list(doc.get("accounts") or []))
                                if ws.index_ready() else None),
                    examples=ws.examples(doc), show=bool(show),
                    verdict=verdicts(store).get(f"campaign:{campaign_id}"),
                    shadow=engine.policy.shadow, stix=bool(doc.get("first_seen")))

    @router.post("/campaigns/{campaign_id:path}/verdict")
    def campaign_verdict(request: Request, campaign_id: str, verdict: Annotated[str, Form()],
                         note: Annotated[str, Form(max_length=2000)] = "",
                         csrf: Annotated[str, Form()] = "") -> Response:
        session = form_session(request, csrf, "analyst")
        if ws.campaign(campaign_id) is None or verdict not in VERDICTS:
            return page("missing.html", session, status=404, what=f"campaign {campaign_id}")
        record_verdict(store, "campaign", campaign_id, verdict, note, session.who)
        if verdict != "confirmed":
            lift(store, campaign_id, session.who)
        return back(f"/ui/campaigns/{_segment(campaign_id)}")

    @router.post("/campaigns/{campaign_id:path}/enforce")
    def enforce(request: Request, campaign_id: str, csrf: Annotated[str, Form()] = "") -> Response:
        session = form_session(request, csrf, "admin")
        doc = ws.campaign(campaign_id)
        if doc is None:
            return page("missing.html", session, status=404, what=f"campaign {campaign_id}")
        if (verdicts(store).get(f"campaign:{campaign_id}") or {}).get("verdict") != "confirmed":
            raise Refused("only a confirmed campaign can be pushed to enforcement")
        # a live campaign has no scan indicators: its accounts alone
        bundle = (campaign_bundle(doc, ws.incidence(), engine.cfg.intel.hash_key, ws.gateways())
                  if doc.get("first_seen") else None)
        push(engine, doc, bundle, session.who)
        return back(f"/ui/campaigns/{_segment(campaign_id)}")

    @router.get("/accounts/{account_id:path}")
    def account(request: Request, account_id: str, show: int = 0) -> HTMLResponse:
        session = signed_in(request)
        row = ws.account(account_id)
        online = store.accounts([account_id]).get(account_id)
        if row is None and online is None:
            return page("missing.html", session, status=404, what=f"account {account_id}")
        fingerprint, peers = ws.fingerprint(account_id)
        decision = engine.decide({"account_id": account_id}) if online is not None else None
        return page("account.html", session, account_id=account_id, row=row, online=online,
                    decision=decision, fingerprint=fingerprint, peers=peers,
                    signals=ws.signals(account_id), exchanges=ws.exchanges(account_id),
                    indicators=ws.account_indicators(account_id) if ws.index_ready() else None,
                    show=bool(show),
                    verdict=verdicts(store).get(f"account:{account_id}"))

    @router.post("/accounts/{account_id:path}/verdict")
    def account_verdict(request: Request, account_id: str, verdict: Annotated[str, Form()],
                        note: Annotated[str, Form(max_length=2000)] = "",
                        csrf: Annotated[str, Form()] = "") -> Response:
        session = form_session(request, csrf, "analyst")
        if verdict not in VERDICTS:
            return page("missing.html", session, status=404, what=f"verdict {verdict}")
        record_verdict(store, "account", account_id, verdict, note, session.who)
        return back(f"/ui/accounts/{_segment(account_id)}")

    @router.get("/search")
    def search(request: Request, q: str = "") -> HTMLResponse:
        session = signed_in(request)
        what, found = ws.search(q[:512])
        return page("search.html", session, q=q, what=what, found=found[:500], total=len(found),
                    building=not ws.index_ready())

    @router.get("/audit")
    def audit_log(request: Request, page_no: int = 1) -> HTMLResponse:
        session = signed_in(request)
        page_no = max(1, page_no)
        entries, total = audit(store, (page_no - 1) * PAGE, PAGE)
        return page("audit.html", session, entries=entries, total=total, page_no=page_no,
                    pages=max(1, -(-total // PAGE)))

    @router.get("/labels.csv")
    def labels_file(request: Request) -> Response:
        signed_in(request)
        buffer = io.BytesIO()
        labels(store, ws.campaign_docs()).write_csv(buffer)
        return Response(buffer.getvalue(), media_type="text/csv", headers=SECURITY_HEADERS | {
            "Content-Disposition": 'attachment; filename="labels.csv"'})

    return router


def mount_workspace(app: FastAPI, ws: Workspace, auth: Auth) -> None:
    """Add the /ui routes and their error pages to the service ``app``."""
    engine: Engine = app.state.engine
    app.include_router(workspace_router(engine, auth, ws))
    env = _templates()

    @app.exception_handler(SignInRequired)
    async def _sign_in(_request: Request, _exc: SignInRequired) -> Response:
        return RedirectResponse("/ui/login", status_code=303, headers=SECURITY_HEADERS)

    @app.exception_handler(Refused)
    async def _refused(_request: Request, exc: Refused) -> Response:
        html = env.get_template("refused.html").render(session=None, reason=exc.reason)
        return HTMLResponse(html, status_code=403, headers=SECURITY_HEADERS)


def _path(name: str) -> Path | None:
    value = os.environ.get(name) or ""
    return Path(value) if value else None


def workspace_from_env(cfg: Config, engine: Engine) -> Workspace:
    """The Workspace of DISTILLGUARD_SCAN (a scan's --out directory), DISTILLGUARD_EVENTS (its events,
    Parquet), DISTILLGUARD_ACCOUNTS and DISTILLGUARD_RELEASES (Parquet too).

    Raises
    ------
    InputError
        A scan directory without campaigns.json, or a table that is not a Parquet file.
    """
    scan = _path("DISTILLGUARD_SCAN")
    if scan is not None and not (scan / "campaigns.json").is_file():
        raise InputError(f"{scan}: not a scan directory (no campaigns.json)")
    tables = {k: _path(f"DISTILLGUARD_{k.upper()}") for k in ("events", "accounts", "releases")}
    for name, path in tables.items():
        if path is not None and not (path.suffix == ".parquet" and path.is_file()):
            raise InputError(f"{path}: the workspace reads the {name} table as one Parquet file")
    return Workspace(engine.store, cfg, scan, tables["events"], tables["accounts"], tables["releases"])


def service_with_workspace() -> tuple[FastAPI, ServiceInfo]:
    """The decision service of service_from_env with the workspace at /ui (not with --open: the
    workspace always needs a token)."""
    app, info = service_from_env()
    if not info.open_access:
        engine: Engine = app.state.engine
        auth = Auth.from_env(tokens_from(engine.cfg.online.tokens))
        mount_workspace(app, workspace_from_env(engine.cfg, engine), auth)
    return app, info


def app_from_env() -> FastAPI:
    """App factory for ``uvicorn --factory``: the service and its workspace."""
    return service_with_workspace()[0]
