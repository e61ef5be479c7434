"""Speed of the Python binding against a pure-Python `re` implementation of the same Alibaba
name rule (ModifyImageAttribute, latest profile). Run: python bench.py

Targets (issue 5): check_many over 100,000 names at least 5x faster than the `re` loop; one
check() at most twice the cost of one `re` check.
"""
import platform
import re
import statistics
import time

import image_preflight as ip

# The Alibaba rule written by hand with `re`, as a console would without this library:
# 2-128 chars, a letter or Chinese character first, then letters, Chinese characters, digits,
# '.', ':', '_', '-'; no 'acs:'/'aliyun' prefix; no http:// or https:// anywhere.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_NAME = re.compile("[A-Za-z%s][A-Za-z0-9.:_%s-]{1,127}" % (_HAN, _HAN))
_HTTP = re.compile("https?://", re.IGNORECASE)


def re_check(name):
    return bool(_NAME.fullmatch(name)) and not name.startswith(("acs:", "aliyun")) and not _HTTP.search(name)


def best_of(runs, fn):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main():
    names = ["ubuntu-22.04-base-%06d" % i for i in range(100_000)]
    names[::1000] = ["1-invalid-%d" % i for i in range(100)]  # 0.1% invalid, as in a bulk import
    assert [re_check(n) for n in names] == [r.valid for r in ip.check_many("alibaba", "name", names)]

    re_many, re_many_median = best_of(5, lambda: [re_check(n) for n in names])
    ip_many, ip_many_median = best_of(5, lambda: ip.check_many("alibaba", "name", names))
    one = names[1]
    loops = 100_000
    re_one, _ = best_of(5, lambda: [re_check(one) for _ in range(loops)])
    ip_one, _ = best_of(5, lambda: [ip.check("alibaba", name=one) for _ in range(loops)])

    print("python %s on %s" % (platform.python_version(), platform.machine()))
    print("100,000 names:  re loop %.1f ms (median %.1f)   check_many %.1f ms (median %.1f)   speed-up %.1fx (target >= 5x)"
          % (re_many * 1e3, re_many_median * 1e3, ip_many * 1e3, ip_many_median * 1e3, re_many / ip_many))
    print("one valid name: re %.0f ns   check %.0f ns   ratio %.2f (target <= 2)"
          % (re_one / loops * 1e9, ip_one / loops * 1e9, ip_one / re_one))


if __name__ == "__main__":
    main()
