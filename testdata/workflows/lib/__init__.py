# Helper package of the corpus: modules here hold conditions and callables
# that definition files import; they declare no workflow themselves.
