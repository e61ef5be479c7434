/* The hot path of image_preflight.check(): is this str a valid value? One C call with the GIL
 * held. It holds no rule: it calls ipf_validate, whose address the cffi module hands over at
 * import, so the library is linked once.
 *
 * Written to CPython's limited API as of 3.9 (Py_LIMITED_API, set by setup.py), so one abi3
 * wheel serves every CPython from 3.9 on. That API has neither METH_FASTCALL nor a way to read
 * a str's UTF-8 in place before 3.10: the arguments come as a tuple and the text is encoded
 * into a bytes object.
 *
 * `wrap_check` makes image_preflight.check itself a C function: the common call, one name with
 * every option left at its default, is answered here, and every other call goes to the Python
 * function unchanged. A Python function's call and its keyword defaults cost more than the
 * check (measured: about 500 of 800 ns), more than a pure `re` check of a Chinese name. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#include "image_preflight.h"

typedef ipf_status (*validate_fn)(uint32_t, uint32_t, uint32_t, uint32_t, const char *, size_t,
                                  ipf_field_check *, ipf_report *);

static validate_fn validate = NULL;

/* bind(address): the address of ipf_validate, from the cffi module. */
static PyObject *bind(PyObject *self, PyObject *address) {
    void *p = PyLong_AsVoidPtr(address);
    (void)self;
    if (p == NULL) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "NULL address");
        return NULL;
    }
    validate = (validate_fn)p;
    Py_RETURN_NONE;
}

/* The library's verdict on the str `value` under `options` (provider | operation << 8 | field
 * << 16 | profile << 24) in *out: 1 when answered, 0 when not known here (a lone surrogate,
 * which the general path reports, or a call the library refused), -1 with an error set. */
static int verdict(unsigned long options, PyObject *value, int *out) {
    PyObject *utf8;
    char *data;
    Py_ssize_t len;
    ipf_field_check check;
    ipf_status status;
    utf8 = PyUnicode_AsUTF8String(value);
    if (utf8 == NULL) { /* a lone surrogate: the general path raises the library's error */
        PyErr_Clear();
        return 0;
    }
    if (PyBytes_AsStringAndSize(utf8, &data, &len) != 0) {
        Py_DECREF(utf8);
        return -1;
    }
    status = validate(options & 0xff, (options >> 8) & 0xff, (options >> 16) & 0xff, (options >> 24) & 0xff, data,
                      (size_t)len, &check, NULL);
    Py_DECREF(utf8);
    if (status != IPF_STATUS_OK) return 0;
    *out = check.valid;
    return 1;
}

/* valid(options, value) -> True, False, or None when the library refused the call (an unknown
 * option, a value too large) or the value is not a str: the caller then takes the general
 * path, which says why. */
static PyObject *valid(PyObject *self, PyObject *args) {
    unsigned long options;
    PyObject *value;
    int answered, ok = 0;
    (void)self;
    if (validate == NULL || PyTuple_Size(args) != 2) {
        PyErr_SetString(PyExc_TypeError, "valid(options, value) after bind()");
        return NULL;
    }
    options = PyLong_AsUnsignedLong(PyTuple_GetItem(args, 0));
    if (options == (unsigned long)-1 && PyErr_Occurred()) return NULL;
    value = PyTuple_GetItem(args, 1);
    if (!PyUnicode_Check(value)) Py_RETURN_NONE;
    answered = verdict(options, value, &ok);
    if (answered < 0) return NULL;
    if (answered == 0) Py_RETURN_NONE;
    return PyBool_FromLong(ok);
}

/* What wrap_check keeps: the Python check() every other call goes to, the dict of provider ->
 * (options packed as for valid(), ipf_field_options) that the Python path fills once it has
 * accepted a provider, the report class of a valid name, and the key "name". */
static PyObject *fallback = NULL, *name_options = NULL, *valid_report = NULL, *name_key = NULL;
/* The report class's allocator: a valid report is built as tuple.__new__ builds an instance of
 * a tuple subclass (allocate, then fill), without the cost of calling tuple.__new__. */
static allocfunc valid_report_alloc = NULL;

/* 1 valid, 0 not or not known here (the caller takes the general path), -1 an error set. */
static int valid_name(PyObject *packed, PyObject *value) {
    unsigned long options = PyLong_AsUnsignedLong(packed);
    int answered, ok = 0;
    if (options == (unsigned long)-1 && PyErr_Occurred()) return -1;
    answered = verdict(options, value, &ok);
    return answered < 0 ? -1 : answered && ok;
}

/* The report of check(provider, name=name) when answered here: a new valid report, or NULL
 * with no error set when the call is the general path's (a provider not yet accepted, a name
 * not exactly a str or not valid), or NULL with an error set. */
static PyObject *answer(PyObject *provider, PyObject *name) {
    PyObject *entry, *options, *report;
    int ok;
    if (!PyUnicode_CheckExact(name)) return NULL;
    entry = PyDict_GetItemWithError(name_options, provider);
    if (entry == NULL) {
        /* An unhashable provider: the general path refuses it with its own message. (Not
         * PyDict_GetItem, which would swallow the error and, from 3.13 on, report it as
         * unraisable.) */
        PyErr_Clear();
        return NULL;
    }
    ok = valid_name(PyTuple_GetItem(entry, 0), name);
    if (ok <= 0) return NULL;
    options = PyTuple_GetItem(entry, 1);
    /* The class overrides __eq__ and __hash__, so no tuple state beyond the items (a hash
     * cache, as CPython 3.14's tuples have) is ever read. */
    report = valid_report_alloc((PyTypeObject *)valid_report, 2);
    if (report == NULL) return NULL;
    /* A new tuple of size 2 that only this function holds: SetItem takes it. */
    Py_INCREF(options);
    Py_INCREF(name);
    if (PyTuple_SetItem(report, 0, options) != 0 || PyTuple_SetItem(report, 1, name) != 0) {
        Py_DECREF(report);
        return NULL;
    }
    return report;
}

/* check(provider, *, name=..., ...): check("alibaba", name="web-1") with a provider the Python
 * path has accepted and a valid name of exactly the type str gets its report here; anything
 * else (another argument, an invalid name, a str subclass, a keyword provider) goes to the
 * Python check() with the very same arguments. This form takes a tuple and a dict, as the 3.9
 * limited API can. */
static PyObject *check(PyObject *self, PyObject *args, PyObject *kwargs) {
    PyObject *name, *report;
    (void)self;
    if (kwargs != NULL && PyTuple_Size(args) == 1 && PyDict_Size(kwargs) == 1 &&
        (name = PyDict_GetItemWithError(kwargs, name_key)) != NULL) {
        report = answer(PyTuple_GetItem(args, 0), name);
        if (report != NULL || PyErr_Occurred()) return report;
    }
    if (PyErr_Occurred()) return NULL;
    return PyObject_Call(fallback, args, kwargs);
}

/* The same with the arguments in a vector and the keywords' names in a tuple (METH_FASTCALL |
 * METH_KEYWORDS), which spares building a dict per call. The flag and this calling convention
 * joined the stable ABI in CPython 3.10: wrap_check picks this form only on 3.10 and later, so
 * the module keeps to the 3.9 limited API where it runs on 3.9. */
#ifndef METH_FASTCALL
#define METH_FASTCALL 0x0080
#endif
typedef PyObject *(*fast_keywords_fn)(PyObject *, PyObject *const *, Py_ssize_t, PyObject *);

static PyObject *check_fast(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    PyObject *tuple, *kwargs = NULL, *report;
    Py_ssize_t nkw = kwnames == NULL ? 0 : PyTuple_Size(kwnames), i;
    (void)self;
    /* Keyword names written in the source are interned: "name" is the very object kept. */
    if (nargs == 1 && nkw == 1 && PyTuple_GetItem(kwnames, 0) == name_key) {
        report = answer(args[0], args[1]);
        if (report != NULL || PyErr_Occurred()) return report;
    }
    tuple = PyTuple_New(nargs);
    if (tuple == NULL) return NULL;
    for (i = 0; i < nargs; i++) {
        Py_INCREF(args[i]);
        PyTuple_SetItem(tuple, i, args[i]);
    }
    if (nkw > 0) {
        kwargs = PyDict_New();
        for (i = 0; kwargs != NULL && i < nkw; i++) {
            if (PyDict_SetItem(kwargs, PyTuple_GetItem(kwnames, i), args[nargs + i]) != 0) Py_CLEAR(kwargs);
        }
        if (kwargs == NULL) {
            Py_DECREF(tuple);
            return NULL;
        }
    }
    report = PyObject_Call(fallback, tuple, kwargs);
    Py_DECREF(tuple);
    Py_XDECREF(kwargs);
    return report;
}

/* wrap_check(fallback, name_options, valid_report, module, doc, fastcall) -> the C check(),
 * named "check", in `module`, with `doc` (its text signature first) as its __doc__; `fastcall`
 * true (CPython 3.10 or later) takes the vector form. Called once, at import: the method table
 * and its doc live as long as the process. */
static PyObject *wrap_check(PyObject *self, PyObject *args) {
    PyObject *f, *options, *report_type, *module, *doc;
    int fastcall;
    const char *doc_utf8;
    Py_ssize_t doc_len;
    PyMethodDef *def;
    char *doc_copy;
    (void)self;
    if (!PyArg_ParseTuple(args, "OO!OUUp", &f, &PyDict_Type, &options, &report_type, &module, &doc, &fastcall))
        return NULL;
    /* A class defined in Python (a heap type, whose slots the 3.9 limited API can read) and a
     * subclass of tuple whose instances hold no more than their items. */
    if (!PyType_Check(report_type) || !(PyType_GetFlags((PyTypeObject *)report_type) & Py_TPFLAGS_HEAPTYPE) ||
        !PyType_IsSubtype((PyTypeObject *)report_type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "valid_report must be a tuple subclass defined in Python");
        return NULL;
    }
    if (validate == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "wrap_check() before bind()");
        return NULL;
    }
    if (name_key == NULL && (name_key = PyUnicode_InternFromString("name")) == NULL) return NULL;
    {
        PyObject *encoded = PyUnicode_AsUTF8String(doc);
        if (encoded == NULL) return NULL;
        if (PyBytes_AsStringAndSize(encoded, (char **)&doc_utf8, &doc_len) != 0) {
            Py_DECREF(encoded);
            return NULL;
        }
        def = PyMem_Malloc(sizeof *def);
        doc_copy = PyMem_Malloc((size_t)doc_len + 1);
        if (def == NULL || doc_copy == NULL) {
            PyMem_Free(def);
            PyMem_Free(doc_copy);
            Py_DECREF(encoded);
            return PyErr_NoMemory();
        }
        memcpy(doc_copy, doc_utf8, (size_t)doc_len + 1);
        Py_DECREF(encoded);
    }
    def->ml_name = "check";
    if (fastcall) {
        def->ml_meth = (PyCFunction)(void (*)(void))(fast_keywords_fn)check_fast;
        def->ml_flags = METH_FASTCALL | METH_KEYWORDS;
    } else {
        def->ml_meth = (PyCFunction)(void (*)(void))check;
        def->ml_flags = METH_VARARGS | METH_KEYWORDS;
    }
    def->ml_doc = doc_copy;
    Py_INCREF(f);
    Py_INCREF(options);
    Py_INCREF(report_type);
    Py_XDECREF(fallback);
    Py_XDECREF(name_options);
    Py_XDECREF(valid_report);
    fallback = f;
    name_options = options;
    valid_report = report_type;
    valid_report_alloc = (allocfunc)PyType_GetSlot((PyTypeObject *)report_type, Py_tp_alloc);
    return PyCFunction_NewEx(def, NULL, module);
}

/* pack_utf32(values, start, stop) -> bytes: the code points of values[start:stop] (a list of
 * str), each followed by a 0, in the machine's byte order, for ipf_validate_packed_utf32; None
 * when one of them is not a str (the caller's general path says which). The limited API of
 * 3.9 copies a str's code points into a buffer (PyUnicode_AsUCS4) but has no way to read its
 * UTF-8 without a bytes object per str: a Chinese batch joined and encoded to UTF-8 cost more
 * than its check. The bytes object is a new one for every call, so no two threads share it
 * while the library reads it without the GIL. */
static PyObject *pack_utf32(PyObject *self, PyObject *args) {
    PyObject *values, *item, *out;
    Py_ssize_t start, stop, size, i, units = 0, at = 0, n;
    Py_UCS4 *buffer;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!nn", &PyList_Type, &values, &start, &stop)) return NULL;
    size = PyList_Size(values);
    if (start < 0) start = 0;
    if (stop > size) stop = size;
    for (i = start; i < stop; i++) {
        item = PyList_GetItem(values, i);
        if (!PyUnicode_Check(item)) Py_RETURN_NONE;
        n = PyUnicode_GetLength(item);
        if (n < 0) return NULL;
        if (n > (PY_SSIZE_T_MAX / 4 - 1) - units) return PyErr_NoMemory();
        units += n + 1;
    }
    out = PyBytes_FromStringAndSize(NULL, units * 4);
    if (out == NULL) return NULL;
    buffer = (Py_UCS4 *)PyBytes_AsString(out);
    /* Nothing between the two loops runs Python code (no other thread can change the list)
     * and a str never changes: every item is the str, of the length, counted above. */
    for (i = start; i < stop; i++) {
        item = PyList_GetItem(values, i);
        n = PyUnicode_GetLength(item);
        if (PyUnicode_AsUCS4(item, buffer + at, n + 1, 1) == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        at += n + 1;
    }
    return out;
}

static PyMethodDef methods[] = {
    {"bind", (PyCFunction)bind, METH_O, "bind(address of ipf_validate)"},
    {"valid", (PyCFunction)valid, METH_VARARGS, "valid(options, value) -> bool or None"},
    {"pack_utf32", (PyCFunction)pack_utf32, METH_VARARGS, "pack_utf32(values, start, stop) -> bytes or None"},
    {"wrap_check", (PyCFunction)wrap_check, METH_VARARGS,
     "wrap_check(fallback, name_options, valid_report, module, doc, fastcall) -> check"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_fast", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__fast(void) { return PyModule_Create(&module); }
