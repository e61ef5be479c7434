/* The hot path of image_preflight.check(): is this str a valid value, and if so its report. One
 * C call with the GIL held, reading the str's UTF-8 in place. It holds no rule: it calls ipf_validate, whose
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

/* valid_report(options, value, cls, held) -> cls((held, value)) when the library calls `value`
 * valid, else None (invalid, not a str, or refused: the caller then takes the general path,
 * which builds the whole report or raises). `options` is provider | operation << 8 | field << 16
 * | profile << 24. The report is built here, not by a second call
 * from Python: check() of one valid name is mostly the Python around the check. `cls` must be
 * a subclass of tuple. */
static PyObject *valid_report(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    unsigned long options;
    Py_ssize_t len;
    const char *data;
    ipf_field_check check;
    PyTypeObject *cls;
    PyObject *report;
    (void)self;
    if (nargs != 4 || validate == NULL || !PyType_Check(args[2]) ||
        !PyType_IsSubtype((PyTypeObject *)args[2], &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "valid_report(options, value, tuple subclass, held) after bind()");
        return NULL;
    }
    options = PyLong_AsUnsignedLong(args[0]);
    if (options == (unsigned long)-1 && PyErr_Occurred()) return NULL;
    if (!PyUnicode_CheckExact(args[1])) Py_RETURN_NONE;
    data = PyUnicode_AsUTF8AndSize(args[1], &len);
    if (data == NULL) {
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    if (validate(options & 0xff, (options >> 8) & 0xff, (options >> 16) & 0xff, (options >> 24) & 0xff, data,
                 (size_t)len, &check, NULL) != IPF_STATUS_OK ||
        !check.valid)
        Py_RETURN_NONE;
    /* As tuple.__new__(cls, (held, value)) builds a tuple subclass's instance. */
    cls = (PyTypeObject *)args[2];
    report = cls->tp_alloc(cls, 2);
    if (report == NULL) return NULL;
    Py_INCREF(args[3]);
    Py_INCREF(args[1]);
    PyTuple_SET_ITEM(report, 0, args[3]);
    PyTuple_SET_ITEM(report, 1, args[1]);
    return report;
}

static PyMethodDef methods[] = {
    {"bind", (PyCFunction)bind, METH_O, "bind(address of ipf_validate)"},
    {"valid_report", (PyCFunction)(void (*)(void))valid_report, METH_FASTCALL,
     "valid_report(options, value, cls, held) -> cls((held, value)) or None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_fast", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__fast(void) { return PyModule_Create(&module); }
