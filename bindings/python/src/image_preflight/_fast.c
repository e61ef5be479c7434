/* The hot path of image_preflight.check(): is this str a valid value? One C call with the GIL
 * held. It holds no rule: it calls ipf_validate, whose address the cffi module hands over at
 * import, so the library is linked once.
 *
 * Written to CPython's limited API as of 3.9 (Py_LIMITED_API, set by setup.py), so one abi3
 * wheel serves every CPython from 3.9 on. That API has neither METH_FASTCALL nor a way to read
 * a str's UTF-8 in place before 3.10: the arguments come as a tuple and the text is encoded
 * into a bytes object. Measured, that costs 5-12% of a check's instructions and keeps a check
 * under the cost of a pure `re` check, inside the target of twice (bindings/python/README.md). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

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

/* valid(options, value) -> True, False, or None when the library refused the call (an unknown
 * option, a value too large) or the value is not a str: the caller then takes the general
 * path, which says why. `options` is provider | operation << 8 | field << 16 | profile << 24. */
static PyObject *valid(PyObject *self, PyObject *args) {
    unsigned long options;
    PyObject *value, *utf8;
    char *data;
    Py_ssize_t len;
    ipf_field_check check;
    ipf_status status;
    (void)self;
    if (validate == NULL || PyTuple_Size(args) != 2) {
        PyErr_SetString(PyExc_TypeError, "valid(options, value) after bind()");
        return NULL;
    }
    options = PyLong_AsUnsignedLong(PyTuple_GetItem(args, 0));
    if (options == (unsigned long)-1 && PyErr_Occurred()) return NULL;
    value = PyTuple_GetItem(args, 1);
    if (!PyUnicode_Check(value)) Py_RETURN_NONE;
    utf8 = PyUnicode_AsUTF8String(value);
    if (utf8 == NULL) { /* a lone surrogate: the general path raises the library's error */
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    if (PyBytes_AsStringAndSize(utf8, &data, &len) != 0) {
        Py_DECREF(utf8);
        return NULL;
    }
    status = validate(options & 0xff, (options >> 8) & 0xff, (options >> 16) & 0xff, (options >> 24) & 0xff, data,
                      (size_t)len, &check, NULL);
    Py_DECREF(utf8);
    if (status != IPF_STATUS_OK) Py_RETURN_NONE;
    return PyBool_FromLong(check.valid);
}

static PyMethodDef methods[] = {
    {"bind", (PyCFunction)bind, METH_O, "bind(address of ipf_validate)"},
    {"valid", (PyCFunction)valid, METH_VARARGS, "valid(options, value) -> bool or None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_fast", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__fast(void) { return PyModule_Create(&module); }
