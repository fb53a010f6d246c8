#!/usr/bin/env bash
# Installs the ISOCOM shop floor on a Debian 12 host from an unpacked release (scripts/package):
# the runtime libraries, the service users, the programs and their words and keys, one
# configuration file with fresh secrets, the data folder, and the systemd units: the server,
# the nightly backup and the daily partitions. Run it again to upgrade: the configuration and
# the data are kept. Usage: sudo ./install [--no-start]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
start=1
[ "${1:-}" = "--no-start" ] && start=0

[ "$(id -u)" -eq 0 ] || { echo "install: run as root (sudo ./install)" >&2; exit 1; }
. /etc/os-release
[ "${ID:-}" = debian ] && [ "${VERSION_ID:-}" = 12 ] || echo "install: made for Debian 12; this is ${PRETTY_NAME:-unknown}, going on" >&2

step() { echo "== $*"; }

step "runtime packages"
mapfile -t packages <"$here/deploy/runtime-packages"
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "installed: ${missing[*]}"
else
  echo "all present"
fi

step "users"
getent group isocom >/dev/null || groupadd --system isocom
id isocom >/dev/null 2>&1 || useradd --system --gid isocom --home-dir /var/lib/isocom --shell /usr/sbin/nologin isocom
id isocom-gateway >/dev/null 2>&1 || useradd --system --gid dialout --home-dir /var/lib/isocom-gateway --shell /usr/sbin/nologin isocom-gateway
echo "isocom (server), isocom-gateway (scale gateways, group dialout)"

step "programs"
install -m 0755 "$here"/bin/factory "$here"/bin/factory-kiosk "$here"/bin/factory-gateway /usr/local/bin/
mkdir -p /usr/local/share/isocom-factory
rm -rf /usr/local/share/isocom-factory/keymaps /usr/local/share/isocom-factory/locales
cp -r "$here"/share/isocom-factory/. /usr/local/share/isocom-factory/
/usr/local/bin/factory --help >/dev/null  # every library it needs loads
echo "/usr/local/bin/factory, factory-kiosk, factory-gateway; words and keys in /usr/local/share/isocom-factory"

step "configuration"
mkdir -p /etc/isocom/gateway
environment=/etc/isocom/factory.env
if [ ! -f "$environment" ]; then
  cp "$here/deploy/factory.env.example" "$environment"
  for key in SERVER_SECRET QC_SECRET JWT_SECRET BACKUP_KEY; do
    sed -i "s/^$key=\$/$key=$(openssl rand -hex 32)/" "$environment"
  done
  echo "$environment written with fresh secrets: keep a copy of BACKUP_KEY apart from the backups"
else
  echo "$environment kept"
fi
chown root:isocom "$environment"
chmod 0640 "$environment"

step "data"
install -d -o isocom -g isocom -m 2770 /var/lib/isocom
echo "/var/lib/isocom (database, reports, backups)"

step "systemd units"
install -m 0644 "$here"/deploy/systemd/* /etc/systemd/system/
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable factory.service factory-backup.timer factory-partitions.timer >/dev/null 2>&1
  if [ "$start" -eq 1 ]; then
    systemctl restart factory.service
    systemctl start factory-backup.timer factory-partitions.timer
    set -a; . "$environment"; set +a
    for _ in $(seq 1 50); do
      if exec 3<>"/dev/tcp/${FACTORY_HOST:-127.0.0.1}/${FACTORY_PORT:-8080}" 2>/dev/null; then
        exec 3>&-
        echo "factory.service is up on ${FACTORY_HOST:-127.0.0.1}:${FACTORY_PORT:-8080} (journalctl -u factory to read its log)"
        break
      fi
      sleep 0.2
    done
  fi
else
  # A chroot or a container without a running systemd: the units are in place, nothing is started.
  runuser -u isocom -- env -C /var/lib/isocom bash -c "set -a; . $environment; set +a; /usr/local/bin/factory migrate" | tail -1
  if command -v systemctl >/dev/null && systemctl enable factory.service factory-backup.timer factory-partitions.timer >/dev/null 2>&1; then
    echo "systemd is not running here: the units are enabled for the next boot"
  else
    echo "systemd is not running here: start factory.service's command by hand, or install systemd and enable the units"
  fi
fi

cat <<EOF

Next:
  - people:   sudo -u isocom bash -c 'set -a; . /etc/isocom/factory.env; cd /var/lib/isocom; factory user add …'
  - devices:  factory import devices.csv, then factory device secret CODE > /etc/isocom/gateway/CODE.secret
              and /etc/isocom/gateway/CODE.conf, then: systemctl enable --now factory-gateway@CODE
  - kiosks:   $here/deploy/kiosk/ (tty1 autologin and the kiosk's profile; see README, Installing)
EOF
