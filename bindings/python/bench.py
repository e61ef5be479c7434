"""Speed of the Python binding against a pure-Python `re` implementation of the same Alibaba
name rule (ModifyImageAttribute, latest profile). Run: python bench.py

Targets (issues 5 and 17): check_many over 100,000 names, then reading every verdict, at
least 8x faster than the `re` loop, for ASCII names and for Chinese names; one check() no
slower than one `re` check.
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


def best_of(runs, *fns):
    """The best and median time of each of `fns` over `runs` rounds, the functions taking turns
    within each round: on a shared machine whose load moves, both sides of a ratio then see the
    same load."""
    times = [[] for _ in fns]
    for _ in range(runs):
        for fn, out in zip(fns, times):
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return [(min(t), statistics.median(t)) for t in times]


def names_of(kind):
    """100,000 names, 0.1% invalid (a bad first character), as in a bulk import."""
    if kind == "ascii":
        names = ["ubuntu-22.04-base-%06d" % i for i in range(100_000)]
    else:
        names = ["生产环境基础镜像-%06d" % i for i in range(100_000)]
    names[::1000] = ["1-invalid-%d" % i for i in range(100)]
    return names


def bulk(kind):
    names = names_of(kind)
    want = [re_check(n) for n in names]
    assert want == [r.valid for r in ip.check_many("alibaba", "name", names)]
    assert want.count(False) == 100
    # Both sides give a verdict per name: the `re` loop a bool, the library a report whose
    # `valid` is read, as a bulk import reads it.
    (re_many, re_median), (ip_many, ip_median) = best_of(
        7, lambda: [re_check(n) for n in names], lambda: [r.valid for r in ip.check_many("alibaba", "name", names)]
    )
    ratio = re_many / ip_many
    print(
        "100,000 %-7s names, every verdict read:  re loop %.1f ms (median %.1f)   check_many %.1f ms (median %.1f)"
        "   speed-up %.1fx  target >= 8x: %s"
        % (kind, re_many * 1e3, re_median * 1e3, ip_many * 1e3, ip_median * 1e3, ratio, "ok" if ratio >= 8 else "MISSED")
    )


def single(kind):
    one = names_of(kind)[1]
    assert re_check(one) and ip.check("alibaba", name=one).valid
    loops = 100_000
    (re_one, _), (ip_one, _) = best_of(
        9, lambda: [re_check(one) for _ in range(loops)], lambda: [ip.check("alibaba", name=one) for _ in range(loops)]
    )
    ratio = ip_one / re_one
    print(
        "one valid %-7s name:  re %.0f ns   check %.0f ns   ratio %.2f  target <= 1: %s"
        % (kind, re_one / loops * 1e9, ip_one / loops * 1e9, ratio, "ok" if ratio <= 1 else "MISSED")
    )


def main():
    print("python %s on %s" % (platform.python_version(), platform.machine()))
    for kind in ("ascii", "chinese"):
        bulk(kind)
    for kind in ("ascii", "chinese"):
        single(kind)


if __name__ == "__main__":
    main()
