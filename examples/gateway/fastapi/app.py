"""The reference guide's API in FastAPI, with no JWT code at all.

The logto-guard gateway in front (nginx auth_request, or its reverse-proxy mode) has checked the token
and the route's permission model; this app only reads the identity headers it sets. Run it with
``python3 -m uvicorn app:app --host 127.0.0.1 --port 8000`` and never expose it without the gateway.
"""

from fastapi import FastAPI, Request

app = FastAPI(title="logto-guard gateway example")


def auth_info(request: Request):
    """The caller as the guide's ``AuthInfo.to_dict()``, from the gateway's headers (None if public)."""
    headers = request.headers
    sub = headers.get("x-auth-subject")
    if sub is None:
        return None
    return {
        "sub": sub,
        "client_id": headers.get("x-auth-client-id"),
        "organization_id": headers.get("x-auth-organization-id"),
        "scopes": headers.get("x-auth-scopes", "").split(),
        "audience": headers.get("x-auth-audience", "").split(),
    }


@app.get("/")
def root(request: Request):
    return {"message": "Hello from FastAPI behind logto-guard", "auth": auth_info(request)}


# Global API resource (rules: api:read and api:write).
@app.get("/api/protected")
def protected(request: Request):
    return {"auth": auth_info(request)}


@app.get("/api/products")
def products(request: Request):
    return {"products": [{"id": "p1", "name": "Widget"}], "auth": auth_info(request)}


# Organization permissions (rules: read:members, organization from the path).
@app.get("/api/organizations/{organization_id}/members")
def members(organization_id: str, request: Request):
    return {"organization_id": organization_id, "members": [], "auth": auth_info(request)}


# Organization-level API resource (rules: read:projects, organization from the path).
@app.get("/api/organizations/{organization_id}/projects")
def projects(organization_id: str, request: Request):
    return {"organization_id": organization_id, "projects": [], "auth": auth_info(request)}


# Organization-level API resource with the organization in a header (rules: X-Organization-Id).
@app.get("/api/projects")
def projects_by_header(request: Request):
    return {"organization_id": request.headers.get("x-organization-id"), "auth": auth_info(request)}


# No rule covers this route: the gateway denies it before it is reached.
@app.get("/api/admin")
def admin(request: Request):
    return {"admin": True, "auth": auth_info(request)}
