import logging
import sys

logging.basicConfig(stream=sys.stdout, level=logging.INFO, format='%(levelname)s:%(name)s:%(message)s')
log = logging.getLogger('wf')
log.debug('hidden')
log.info('shown %d %r', 3, 'q')
logging.warning('%(k)s', {'k': 'mapped'})
log.setLevel(logging.ERROR)
log.warning('hidden too')
log.error('err %s', [1])
print(logging.getLevelName(logging.WARNING), log.isEnabledFor(logging.ERROR))
