"""Task functions shared by several definitions (a helper module, no workflow)."""
import json


def greet(name, punctuation='!'):
    print('hello ' + name + punctuation)


def summarize(values, weights=None, options=None):
    print(json.dumps({'values': values, 'weights': weights, 'options': options}))
