from _looplens_opaque import module
__getattr__ = module(__name__)
