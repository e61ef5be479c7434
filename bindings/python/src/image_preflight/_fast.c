/* The hot path of image_preflight.check(): is this str a valid value? One C call with the GIL
 * held, reading the str's UTF-8 in place. It holds no rule: it calls ipf_validate, whose
 * address the cffi module hands over at import, so the library is linked once. */
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
 * option, a value too large): the caller then takes the general path, which says why.
 * `options` is provider | operation << 8 | field << 16 | profile << 24. */
static PyObject *valid(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    unsigned long options;
    Py_ssize_t len;
    const char *data;
    ipf_field_check check;
    (void)self;
    if (nargs != 2 || validate == NULL) {
        PyErr_SetString(PyExc_TypeError, "valid(options, value) after bind()");
        return NULL;
    }
    options = PyLong_AsUnsignedLong(args[0]);
    if (options == (unsigned long)-1 && PyErr_Occurred()) return NULL;
    if (!PyUnicode_Check(args[1])) Py_RETURN_NONE;
    data = PyUnicode_AsUTF8AndSize(args[1], &len);
    if (data == NULL) { /* a lone surrogate: the general path raises the library's error */
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    if (validate(options & 0xff, (options >> 8) & 0xff, (options >> 16) & 0xff, (options >> 24) & 0xff, data,
                 (size_t)len, &check, NULL) != IPF_STATUS_OK)
        Py_RETURN_NONE;
    return PyBool_FromLong(check.valid);
}

static PyMethodDef methods[] = {
    {"bind", (PyCFunction)bind, METH_O, "bind(address of ipf_validate)"},
    {"valid", (PyCFunction)(void (*)(void))valid, METH_FASTCALL, "valid(options, value) -> bool or None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_fast", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__fast(void) { return PyModule_Create(&module); }
