# cmake/install.cmake - the install layout and the Debian package (included by the
# top-level CMakeLists.txt after app/). `cmake --install build --prefix P` puts:
#   P/bin/vae-explorer
#   P/share/vae-explorer/{fonts,samples}/      assets, found relative to the binary
#   P/share/applications/vae-explorer.desktop  the menu entry
#   P/share/icons/hicolor/{scalable,NxN}/apps/ the icon (SVG; PNGs from rsvg-convert)
#   P/share/metainfo/io.github.vae_explorer.metainfo.xml
#   P/share/man/man1/vae-explorer.1.gz
#   P/share/doc/vae-explorer/copyright
# `cpack -G DEB` (in build/) makes vae-explorer_<version>_<arch>.deb of the same files
# under /usr. Must not: install anything from data/ (MNIST is fetched, not shipped).
set(VAE_HOMEPAGE "https://github.com/vae-explorer/vae-explorer"
    CACHE STRING "Project home page (AppStream metadata, the Debian package)")
# The release date of this version (AppStream, the man page).
set(VAE_RELEASE_DATE "2026-12-01")
set(VAE_PKG_SRC ${CMAKE_SOURCE_DIR}/packaging)
set(VAE_PKG_OUT ${CMAKE_BINARY_DIR}/packaging)
set(VAE_SHARE ${CMAKE_INSTALL_DATADIR}/vae-explorer)

install(TARGETS vae-explorer RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/assets/fonts ${CMAKE_SOURCE_DIR}/assets/samples
        DESTINATION ${VAE_SHARE})
install(FILES ${VAE_PKG_SRC}/vae-explorer.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${VAE_PKG_SRC}/copyright DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/vae-explorer)
configure_file(${VAE_PKG_SRC}/io.github.vae_explorer.metainfo.xml.in
               ${VAE_PKG_OUT}/io.github.vae_explorer.metainfo.xml @ONLY)
install(FILES ${VAE_PKG_OUT}/io.github.vae_explorer.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)

# ---- man page: configured, then gzipped (Debian's policy) ----
configure_file(${VAE_PKG_SRC}/vae-explorer.1.in ${VAE_PKG_OUT}/vae-explorer.1 @ONLY)
find_program(VAE_GZIP gzip REQUIRED)
add_custom_command(OUTPUT ${VAE_PKG_OUT}/vae-explorer.1.gz
                   COMMAND ${VAE_GZIP} -9nf -k ${VAE_PKG_OUT}/vae-explorer.1
                   DEPENDS ${VAE_PKG_OUT}/vae-explorer.1 VERBATIM)

# ---- icons: the SVG, and PNG sizes rasterised from it ----
set(VAE_ICON_SVG ${VAE_PKG_SRC}/vae-explorer.svg)
install(FILES ${VAE_ICON_SVG} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
find_program(VAE_RSVG_CONVERT rsvg-convert)
set(VAE_PKG_OUTPUTS ${VAE_PKG_OUT}/vae-explorer.1.gz)
if(VAE_RSVG_CONVERT)
  foreach(px 16 24 32 48 64 128 256)
    set(png ${VAE_PKG_OUT}/icons/${px}x${px}/vae-explorer.png)
    add_custom_command(OUTPUT ${png}
                       COMMAND ${CMAKE_COMMAND} -E make_directory ${VAE_PKG_OUT}/icons/${px}x${px}
                       COMMAND ${VAE_RSVG_CONVERT} -w ${px} -h ${px} ${VAE_ICON_SVG} -o ${png}
                       DEPENDS ${VAE_ICON_SVG} VERBATIM)
    list(APPEND VAE_PKG_OUTPUTS ${png})
    install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${px}x${px}/apps)
  endforeach()
else()
  message(WARNING "rsvg-convert (librsvg2-bin) not found: only the SVG icon is installed")
endif()
add_custom_target(vae_packaging ALL DEPENDS ${VAE_PKG_OUTPUTS})
install(FILES ${VAE_PKG_OUT}/vae-explorer.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# ---- Debian package: cpack -G DEB ----
set(CPACK_PACKAGE_NAME vae-explorer)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The VAE Explorer developers")
set(CPACK_PACKAGE_CONTACT "The VAE Explorer developers <vae-explorer@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "watch and touch a Variational Auto-Encoder")
set(CPACK_PACKAGE_DESCRIPTION
    "VAE Explorer trains a Variational Auto-Encoder on MNIST while its window stays\n"
    "fluid: it plots the ELBO's terms live, decodes the digit under the cursor as you\n"
    "drag across the latent space and encodes any digit image dropped on the window.\n"
    "Built for teaching Kingma and Welling's Auto-Encoding Variational Bayes, in\n"
    "English and Korean. MNIST is fetched once with 'vae-explorer data fetch'.")
string(REPLACE ";" "" CPACK_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL ${VAE_HOMEPAGE})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# dpkg-shlibdeps (dpkg-dev) names the libraries' packages (SDL2, SDL2_ttf, OpenBLAS,
# zlib, libc) with their versions; without it, the same packages are listed here.
find_program(VAE_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(VAE_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6, libsdl2-2.0-0, libsdl2-ttf-2.0-0, libopenblas0 | libopenblas0-pthread, zlib1g")
endif()
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-nanum")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "npm | curl, dataset-fashion-mnist")
include(CPack)
