# The Debian package, built from a copy of the work tree so that
# dpkg-buildpackage, which writes its results next to the source directory,
# leaves nothing outside build/.
#
#   make package        build/package/monitoring-plugins-wolkvox_*.deb
#   make package-lint   the same, then lintian -I -E --pedantic on it
#
# Needs debhelper, dpkg-dev and fakeroot (lintian for package-lint).

PACKAGE_DIR := $(BUILD)/package
PACKAGE_SRC := $(PACKAGE_DIR)/src/monitoring-plugins-wolkvox-$(VERSION)

.PHONY: package package-lint

package:
	rm -rf $(PACKAGE_DIR)
	mkdir -p $(PACKAGE_SRC)
	tar -c --exclude=./.git --exclude=./$(BUILD) --exclude=./build -f - . | tar -x -C $(PACKAGE_SRC) -f -
	cd $(PACKAGE_SRC) && dpkg-buildpackage -us -uc -b
	mv $(PACKAGE_DIR)/src/*.deb $(PACKAGE_DIR)/src/*.changes $(PACKAGE_DIR)/src/*.buildinfo $(PACKAGE_DIR)/
	@ls -l $(PACKAGE_DIR)/*.deb

package-lint: package
	lintian -I -E --pedantic --show-overrides --fail-on error,warning $(PACKAGE_DIR)/*.changes
