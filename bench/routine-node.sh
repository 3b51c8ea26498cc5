# Sourced by the end-to-end benchmarks: one fresh node (bench/node.sh) with routine mode held, so
# that the intake rate does not switch the city to emergency (these runs measure routine streams),
# and FILTERS, the nine district filters of surge's 500 subscribers (every district covered).
CONFIG="$(mktemp /tmp/hamal-routine.XXXXXX.yaml)"
printf 'mode:\n  intakeRatePerSecond: 1000000\n' > "$CONFIG"
export HAMAL_CONFIG="$CONFIG"
BENCH_CLEANUP="${BENCH_CLEANUP:-} $CONFIG"
source bench/node.sh
FILTERS=(--subscriber-filter 'districts=shimshon' --subscriber-filter 'districts=afridar'
  --subscriber-filter 'districts=migdal,givat-zion' --subscriber-filter 'districts=neot-ashkelon'
  --subscriber-filter 'districts=neve-dekalim,barnea' --subscriber-filter 'districts=ramat-kramim'
  --subscriber-filter 'districts=agamim,industrial-south' --subscriber-filter 'districts=industrial-north'
  --subscriber-filter 'districts=barnea')
