// Shop front-end: talks to the Shop API.
// No secrets live here: everything in this file is public. The role check below only
// decides what to show; every admin route checks the token and the role on the server.
const API_BASE = "";

let currentUser = JSON.parse(sessionStorage.getItem("user") || "null");
let token = sessionStorage.getItem("token");

function isAdmin() {
  return currentUser !== null && currentUser.role === "admin"; // display only
}

function authHeaders(extra = {}) {
  const headers = { "Content-Type": "application/json", ...extra };
  if (token) headers["Authorization"] = "Bearer " + token;
  return headers;
}

function showMessage(text) {
  document.getElementById("message").textContent = text;
}

async function api(path, options = {}) {
  const res = await fetch(API_BASE + path, options);
  const body = res.headers.get("content-type")?.includes("application/json") ? await res.json() : null;
  if (!res.ok) {
    throw new Error((body && body.detail) || `request failed (${res.status})`);
  }
  return body;
}

function button(label, onClick) {
  const b = document.createElement("button");
  b.textContent = label;
  b.addEventListener("click", onClick);
  return b;
}

async function loadProducts(query) {
  const path = query ? `/products/search?q=${encodeURIComponent(query)}` : "/products";
  let products;
  try {
    products = await api(path);
  } catch (err) {
    showMessage(err.message);
    return;
  }
  const container = document.getElementById("products");
  container.replaceChildren();
  for (const p of products) {
    const div = document.createElement("div");
    div.className = "product";
    const title = document.createElement("h3");
    title.textContent = p.name;
    const info = document.createElement("p");
    info.textContent = `$${p.price} · ${p.stock} in stock`;
    div.append(title, info, button("Buy", (e) => placeOrder(e.target, p.id, 1)));
    if (isAdmin()) div.append(button("Delete", () => deleteProduct(p.id)));
    container.appendChild(div);
  }
}

async function deleteProduct(id) {
  try {
    await api(`/products/${id}`, { method: "DELETE", headers: authHeaders() });
  } catch (err) {
    showMessage(err.message);
  }
  loadProducts();
}

async function createProduct(event) {
  event.preventDefault();
  const body = {
    name: document.getElementById("new-name").value,
    price: document.getElementById("new-price").value,
    stock: parseInt(document.getElementById("new-stock").value, 10),
  };
  try {
    await api("/admin/products", { method: "POST", headers: authHeaders(), body: JSON.stringify(body) });
  } catch (err) {
    showMessage(err.message);
  }
  loadProducts();
}

async function placeOrder(btn, productId, quantity) {
  btn.disabled = true; // one click, one order; the Idempotency-Key covers network retries
  const key = crypto.randomUUID();
  try {
    const order = await api("/orders", {
      method: "POST",
      headers: authHeaders({ "Idempotency-Key": key }),
      body: JSON.stringify({ items: [{ product_id: productId, quantity }], card_token: "tok_visa" }),
    });
    showMessage(`Order #${order.id}: ${order.status}`);
  } catch (err) {
    showMessage(err.message);
  } finally {
    btn.disabled = false;
  }
  loadOrders();
}

async function loadOrders() {
  if (!token) return;
  let orders;
  try {
    orders = await api("/orders", { headers: authHeaders() });
  } catch (err) {
    showMessage(err.message);
    return;
  }
  const list = document.getElementById("orders");
  list.replaceChildren(
    ...orders.map((o) => {
      const li = document.createElement("li");
      li.textContent = `#${o.id} ${o.status} $${o.total}`;
      return li;
    })
  );
}

async function login(event) {
  event.preventDefault();
  try {
    const data = await api("/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        email: document.getElementById("email").value,
        password: document.getElementById("password").value,
      }),
    });
    token = data.token;
    currentUser = data.user;
    sessionStorage.setItem("token", token);
    sessionStorage.setItem("user", JSON.stringify(currentUser));
  } catch (err) {
    showMessage("Login failed");
    return;
  }
  render();
}

function render() {
  document.getElementById("whoami").textContent = currentUser ? `Hi ${currentUser.email}` : "";
  document.getElementById("admin-panel").style.display = isAdmin() ? "block" : "none";
  loadProducts();
  loadOrders();
}

document.getElementById("login-form").addEventListener("submit", login);
document.getElementById("new-product-form").addEventListener("submit", createProduct);
document.getElementById("search").addEventListener("input", (e) => loadProducts(e.target.value));
render();
