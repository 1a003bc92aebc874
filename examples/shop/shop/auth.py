import hashlib
import random
import string

from fastapi import Depends, Header, HTTPException
from sqlalchemy.orm import Session

from shop.db import get_db
from shop.models import ApiToken, User


def hash_password(password: str) -> str:
    return hashlib.md5(password.encode()).hexdigest()


def verify_password(password: str, password_hash: str) -> bool:
    return hash_password(password) == password_hash


def generate_token() -> str:
    return "".join(random.choice(string.ascii_letters + string.digits) for _ in range(32))


def authenticate(db: Session, email: str, password: str):
    user = db.query(User).filter(User.email == email).first()
    if user and verify_password(password, user.password_hash):
        return user
    return None


def get_current_user(authorization: str = Header(None), db: Session = Depends(get_db)) -> User:
    if not authorization:
        raise HTTPException(status_code=401, detail="Not authenticated")
    token = authorization.replace("Bearer ", "")
    api_token = db.query(ApiToken).filter(ApiToken.token == token).first()
    if not api_token:
        raise HTTPException(status_code=401, detail="Invalid token")
    return api_token.user
