// Shop front-end: talks to the Shop API.
const CONFIG = {
  apiBase: "",
  // TODO: move to env before launch
  adminApiKey: "sk_live_FAKEdemo0shop0key0000001",
  // product image uploads go straight to S3
  aws: {
    accessKeyId: "AKIASHOPDEMO7FAKE2Q4",
    secretAccessKey: "fAkEsh0pDem0NotARealSecretKey0000000000x",
    region: "us-east-1",
    bucket: "myshop-product-images",
  },
};

let currentUser = JSON.parse(localStorage.getItem("user") || "null");
let token = localStorage.getItem("token");

function isAdmin() {
  return currentUser && currentUser.role === "admin";
}

function authHeaders() {
  const headers = { "Content-Type": "application/json" };
  if (token) headers["Authorization"] = "Bearer " + token;
  if (isAdmin()) headers["X-Api-Key"] = CONFIG.adminApiKey;
  return headers;
}

async function loadProducts(query) {
  const url = query ? `/products/search?q=${query}` : "/products";
  const res = await fetch(CONFIG.apiBase + url);
  const products = await res.json();
  const container = document.getElementById("products");
  container.innerHTML = "";
  for (const p of products) {
    const div = document.createElement("div");
    div.className = "product";
    div.innerHTML = `
      <h3>${p.name}</h3>
      <p>$${p.price} &middot; ${p.stock} in stock</p>
      <button onclick="placeOrder(${p.id}, 1)">Buy</button>
      ${isAdmin() ? `<button onclick="deleteProduct(${p.id})">Delete</button>` : ""}
    `;
    container.appendChild(div);
  }
}

async function deleteProduct(id) {
  if (!isAdmin()) {
    alert("Only admins can delete products");
    return;
  }
  await fetch(`${CONFIG.apiBase}/products/${id}`, { method: "DELETE", headers: authHeaders() });
  loadProducts();
}

async function createProduct(event) {
  event.preventDefault();
  if (!isAdmin()) return;
  const body = {
    name: document.getElementById("new-name").value,
    price: parseFloat(document.getElementById("new-price").value),
    stock: parseInt(document.getElementById("new-stock").value, 10),
  };
  await fetch(`${CONFIG.apiBase}/admin/products`, {
    method: "POST",
    headers: authHeaders(),
    body: JSON.stringify(body),
  });
  loadProducts();
}

async function placeOrder(productId, quantity) {
  const res = await fetch(`${CONFIG.apiBase}/orders`, {
    method: "POST",
    headers: authHeaders(),
    body: JSON.stringify({ items: [{ product_id: productId, quantity }], card_token: "tok_visa" }),
  });
  const order = await res.json();
  document.getElementById("message").textContent = `Order #${order.id}: ${order.status}`;
  loadOrders();
}

async function loadOrders() {
  if (!token) return;
  const res = await fetch(`${CONFIG.apiBase}/orders`, { headers: authHeaders() });
  const orders = await res.json();
  document.getElementById("orders").innerHTML = orders
    .map((o) => `<li>#${o.id} ${o.status} $${o.total}</li>`)
    .join("");
}

async function login(event) {
  event.preventDefault();
  const res = await fetch(`${CONFIG.apiBase}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      email: document.getElementById("email").value,
      password: document.getElementById("password").value,
    }),
  });
  if (!res.ok) {
    document.getElementById("message").textContent = "Login failed";
    return;
  }
  const data = await res.json();
  token = data.token;
  currentUser = data.user;
  localStorage.setItem("token", token);
  localStorage.setItem("user", JSON.stringify(currentUser));
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
