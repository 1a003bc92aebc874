# Mixed: a smoke check run with pytest. pytest is declared as an optional dev dependency;
# its plugin sibling pytest-xdist is not.
import pytest  # ok: undeclared-dependency, hallucinated-package -- declared in [project.optional-dependencies]
from xdist import is_xdist_worker  # expect: undeclared-dependency -- pytest-xdist is not declared

from shopapp.settings import Settings  # ok: hallucinated-package, undeclared-dependency


@pytest.fixture
def settings() -> Settings:
    return Settings(database_url="sqlite://")


def test_settings(settings: Settings, request: pytest.FixtureRequest) -> None:
    assert settings.database_url == "sqlite://"
    assert not is_xdist_worker(request) or settings.request_timeout_s > 0
