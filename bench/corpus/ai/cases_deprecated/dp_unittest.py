# deprecated-api: unittest aliases and loaders.
# Where these come from: generated tests copy the Python 2-era aliases (assertEquals,
# assertRegexpMatches, failUnless) and the old suite builders, all deprecated and removed
# in 3.12 or 3.13.
import sys
import unittest


class PriceTests(unittest.TestCase):
    def test_total(self) -> None:
        self.assertEquals(2 + 2, 4)  # expect: deprecated-api -- assertEqual
        self.assertEqual(2 + 2, 4)  # ok: deprecated-api

    def test_not_equal(self) -> None:
        self.assertNotEquals(1, 2)  # expect: deprecated-api -- assertNotEqual
        self.assertNotEqual(1, 2)  # ok: deprecated-api

    def test_rounding(self) -> None:
        self.assertAlmostEquals(0.1 + 0.2, 0.3)  # expect: deprecated-api -- assertAlmostEqual
        self.assertAlmostEqual(0.1 + 0.2, 0.3)  # ok: deprecated-api

    def test_format(self) -> None:
        self.assertRegexpMatches("EUR 10.00", r"^EUR \d+\.\d\d$")  # expect: deprecated-api -- assertRegex
        self.assertRegex("EUR 10.00", r"^EUR \d+\.\d\d$")  # ok: deprecated-api

    def test_errors(self) -> None:
        with self.assertRaisesRegexp(ValueError, "negative"):  # expect: deprecated-api -- assertRaisesRegex
            raise ValueError("negative amount")
        with self.assertRaisesRegex(ValueError, "negative"):  # ok: deprecated-api
            raise ValueError("negative amount")

    def test_flags(self) -> None:
        self.assert_(True)  # expect: deprecated-api -- assertTrue
        self.failUnless(True)  # expect: deprecated-api -- assertTrue
        self.failIf(False)  # expect: deprecated-api -- assertFalse
        self.assertTrue(True)  # ok: deprecated-api

    def test_subset(self) -> None:
        self.assertDictContainsSubset({"a": 1}, {"a": 1, "b": 2})  # expect: deprecated-api -- compare items
        self.assertLessEqual({"a": 1}.items(), {"a": 1, "b": 2}.items())  # ok: deprecated-api


def suite() -> unittest.TestSuite:
    return unittest.makeSuite(PriceTests)  # expect: deprecated-api -- TestLoader.loadTestsFromTestCase


def module_suite() -> unittest.TestSuite:
    return unittest.findTestCases(sys.modules[__name__])  # expect: deprecated-api -- loadTestsFromModule


def suite_right() -> unittest.TestSuite:
    return unittest.TestLoader().loadTestsFromTestCase(PriceTests)  # ok: deprecated-api
