#!/usr/bin/env bash
# Bring up a real single-node Slurm on this machine (Debian's slurm-wlm + munge) so that
# slurm/petnet.sbatch can be tried here. For testing only; CI does not use it.
#
#   scripts/slurm_local.sh          install if missing, write slurm.conf, start daemons
#   scripts/slurm_local.sh stop     stop the daemons this script started (by pid file)
#
# Then: timeout 300 sbatch --wait -n 2 slurm/petnet.sbatch inputs/allen_cahn_1d.yaml
#
# Needs root and no systemd: munged (as user munge), slurmctld and slurmd are started
# directly.
set -euo pipefail

# shellcheck source=scripts/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

SLURM_CONF=/etc/slurm/slurm.conf
SLURM_STATE=/var/lib/slurm
SLURM_RUN=/run/slurm
SLURM_LOG=/var/log/slurm
MUNGE_PID=/run/munge/munged.pid

die() {
  echo "slurm_local: error: $*" >&2
  exit 1
}
log() { echo "slurm_local: $*"; }

# Is the process named in pid file $1 alive?
running() { [[ -s $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_one() {
  local pidfile=$1 name=$2
  if running "$pidfile"; then
    log "stopping $name (pid $(cat "$pidfile"))"
    kill "$(cat "$pidfile")"
  fi
  rm -f "$pidfile"
}

if [[ ${1:-} == stop ]]; then
  stop_one "$SLURM_RUN/slurmd.pid" slurmd
  stop_one "$SLURM_RUN/slurmctld.pid" slurmctld
  stop_one "$MUNGE_PID" munged
  exit 0
fi
[[ $# -eq 0 ]] || die "unknown argument '$1' (usage: scripts/slurm_local.sh [stop])"
[[ $(id -u) -eq 0 ]] || die "run as root: the Slurm and munge daemons need it"

petnet_install_packages slurm-wlm munge

# 1. The controller and node names must be this host's short name, and resolve.
host=$(hostname -s)
if ! getent hosts "$host" >/dev/null; then
  log "adding $host to /etc/hosts"
  echo "127.0.1.1 $host" >>/etc/hosts
fi

# 2. munge: key owned by munge, 0600; 0700 directories; daemon runs as user munge.
install -d -o munge -g munge -m 0700 /etc/munge /var/lib/munge /var/log/munge
install -d -o munge -g munge -m 0755 /run/munge
if [[ ! -s /etc/munge/munge.key ]]; then
  log "creating the munge key"
  mungekey --create --keyfile=/etc/munge/munge.key
fi
chown munge:munge /etc/munge/munge.key
chmod 0600 /etc/munge/munge.key
if ! running "$MUNGE_PID"; then
  log "starting munged"
  runuser -u munge -- /usr/sbin/munged --pid-file="$MUNGE_PID"
fi
munge -n | unmunge >/dev/null || die "munge does not work (see /var/log/munge/munged.log)"

# 3. slurm.conf (the package ships none). The node line is what slurmd detects.
node_line=$(slurmd -C | head -n 1)
[[ $node_line == NodeName=* ]] || die "slurmd -C printed no node line: '$node_line'"
install -d -m 0755 /etc/slurm "$SLURM_RUN" "$SLURM_LOG" \
  "$SLURM_STATE/slurmctld" "$SLURM_STATE/slurmd"
conf=$(
  cat <<EOF
# Written by petnet's scripts/slurm_local.sh: one node, no cgroups, no accounting.
ClusterName=petnet-local
SlurmctldHost=$host
AuthType=auth/munge
SlurmUser=root
MpiDefault=pmix
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
EnforcePartLimits=ALL
MinJobAge=300
ReturnToService=2
StateSaveLocation=$SLURM_STATE/slurmctld
SlurmdSpoolDir=$SLURM_STATE/slurmd
SlurmctldPidFile=$SLURM_RUN/slurmctld.pid
SlurmdPidFile=$SLURM_RUN/slurmd.pid
SlurmctldLogFile=$SLURM_LOG/slurmctld.log
SlurmdLogFile=$SLURM_LOG/slurmd.log
$node_line State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
)
if [[ ! -f $SLURM_CONF || $(cat "$SLURM_CONF") != "$conf" ]]; then
  log "writing $SLURM_CONF"
  printf '%s\n' "$conf" >"$SLURM_CONF"
  # A running controller must re-read it: restart ours.
  stop_one "$SLURM_RUN/slurmd.pid" slurmd
  stop_one "$SLURM_RUN/slurmctld.pid" slurmctld
  sleep 1
fi

# 4. The daemons (each daemonizes and writes its pid file).
if ! running "$SLURM_RUN/slurmctld.pid"; then
  log "starting slurmctld"
  slurmctld
fi
if ! running "$SLURM_RUN/slurmd.pid"; then
  log "starting slurmd"
  slurmd
fi

# 5. Wait until the node takes jobs.
for _ in $(seq 1 60); do
  state=$(sinfo -h -n "$host" -o %T 2>/dev/null || true)
  if [[ $state == idle* || $state == mixed* || $state == allocated* ]]; then
    log "ready: node $host is $state ($(sinfo -h -o '%P %D %c' | head -n 1))"
    exit 0
  fi
  sleep 0.5
done
die "node $host did not become idle (state '${state:-none}'); see $SLURM_LOG/slurmctld.log and slurmd.log"
