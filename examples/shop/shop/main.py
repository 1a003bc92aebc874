import os
import time
from typing import List, Optional

import requests
import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import PlainTextResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel
from sqlalchemy.orm import Session

from shop import services
from shop.auth import authenticate, generate_token, get_current_user
from shop.db import engine, get_db
from shop.models import ApiToken, Base, Product, User
from shop.payments import PAYMENT_API_URL

BASE_DIR = os.path.dirname(__file__)

app = FastAPI(title="Shop API", debug=True)
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)
app.mount("/static", StaticFiles(directory=os.path.join(BASE_DIR, "static")), name="static")
templates = Jinja2Templates(directory=os.path.join(BASE_DIR, "templates"))

# simple in-memory stats
REQUEST_LOG = []
VIEW_COUNT = 0
ORDER_COUNT = 0


class ProductOut(BaseModel):
    id: int
    name: str
    description: Optional[str] = None
    price: float
    stock: int
    category: Optional[str] = None

    class Config:
        orm_mode = True


@app.on_event("startup")
def startup():
    Base.metadata.create_all(bind=engine)


@app.middleware("http")
async def track_requests(request: Request, call_next):
    REQUEST_LOG.append({"path": request.url.path, "method": request.method, "at": time.time()})
    return await call_next(request)


@app.get("/")
def index(request: Request):
    return templates.TemplateResponse(request, "index.html", {"title": "Shop"})


@app.get("/products", response_model=List[ProductOut])
def list_products(db: Session = Depends(get_db)):
    return db.query(Product).all()


@app.get("/products/search")
def search_products(q: str, db: Session = Depends(get_db)):
    return services.search_products(db, q)


@app.get("/products/{product_id}")
def get_product(product_id: int, db: Session = Depends(get_db)):
    global VIEW_COUNT
    product = db.query(Product).get(product_id)
    if not product:
        raise HTTPException(status_code=404, detail="Product not found")
    VIEW_COUNT += 1
    return product.to_dict()


@app.post("/admin/products")
async def create_product(request: Request, db: Session = Depends(get_db)):
    data = await request.json()
    product = Product(**data)
    db.add(product)
    db.commit()
    db.refresh(product)
    return product.to_dict()


@app.delete("/products/{product_id}")
def delete_product(product_id: int, db: Session = Depends(get_db)):
    product = db.query(Product).get(product_id)
    if not product:
        raise HTTPException(status_code=404, detail="Product not found")
    db.delete(product)
    db.commit()
    return {"ok": True}


@app.post("/login")
def login(payload: dict, db: Session = Depends(get_db)):
    user = authenticate(db, payload.get("email"), payload.get("password"))
    if not user:
        raise HTTPException(status_code=401, detail="Invalid email or password")
    token = generate_token()
    db.add(ApiToken(user_id=user.id, token=token))
    db.commit()
    return {"token": token, "user": {"id": user.id, "email": user.email, "role": user.role}}


@app.get("/me")
def me(user: User = Depends(get_current_user)):
    return {"id": user.id, "email": user.email, "name": user.name, "role": user.role}


@app.post("/orders")
def create_order(
    payload: dict, db: Session = Depends(get_db), user: User = Depends(get_current_user)
):
    global ORDER_COUNT
    order = services.place_order(db, user, payload)
    ORDER_COUNT += 1
    return {"id": order.id, "status": order.status, "total": order.total}


@app.get("/orders")
def list_orders(db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    return services.list_orders(db, user)


@app.get("/orders/{order_id}/receipt")
def receipt(order_id: int, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    return services.get_receipt(db, order_id)


@app.post("/orders/{order_id}/cancel")
async def cancel_order(
    order_id: int, db: Session = Depends(get_db), user: User = Depends(get_current_user)
):
    order = services.cancel_order(db, order_id)
    if order is None:
        raise HTTPException(status_code=404, detail="Order not found")
    return {"id": order.id, "status": order.status}


@app.get("/payments/methods")
async def payment_methods():
    resp = requests.get(f"{PAYMENT_API_URL}/payment_methods")
    return resp.json()["data"]


@app.get("/reports/sales")
def sales_report():
    return services.sales_report()


@app.get("/admin/orders/export")
def export_orders(db: Session = Depends(get_db)):
    return PlainTextResponse(services.export_orders_csv(db), media_type="text/csv")


@app.get("/shipping-rates")
def shipping_rates():
    return services.shipping_rates()


@app.get("/stats")
def stats():
    return {"product_views": VIEW_COUNT, "orders_placed": ORDER_COUNT, "requests": len(REQUEST_LOG)}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8000)
