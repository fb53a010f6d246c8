# Installs the Debian packages the product needs, when any is missing.
# Sourced by scripts/demo and scripts/test.

FACTORY_DEBIAN_PACKAGES=(pkg-config libsqlite3-dev sqlite3 libpq-dev postgresql-15 libssl-dev libncurses-dev libqrencode-dev libxlsxwriter-dev libhpdf-dev zlib1g-dev fonts-dejavu-core poppler-utils tmux python3-venv)

install_missing_debian_packages() {
  local missing=()
  local package
  for package in "${FACTORY_DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
