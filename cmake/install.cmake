# `cmake --install BUILD --prefix P`: the binary and its ONNX module, hw4(1), the completion scripts, the docs and the
# example inputs under P; `cpack -G DEB` (run in BUILD) packs the same under /usr.
include(GNUInstallDirs)
install(TARGETS hw4 RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# hw4 looks for its ONNX module in ../lib/hw4/ from the binary (cli/onnx_module.cc), so this is
# lib/ itself, not the multiarch libdir.
install(TARGETS hw4_onnx LIBRARY DESTINATION lib/hw4)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/hw4.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
# Where each shell's system-wide setup looks for completions (Debian's bash-completion, zsh, fish).
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/hw4.bash RENAME hw4
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/hw4.zsh RENAME _hw4
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/hw4.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
install(FILES README.md CHANGELOG.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs FILES_MATCHING PATTERN "*.md")
# The seed problem set with the files it names, and every documented example input (the
# scripts that regenerate data/networks stay in the source tree).
install(DIRECTORY data/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/data PATTERN "*.py" EXCLUDE)

# Depends are found by dpkg-shlibdeps (dpkg-dev) from the libraries hw4 links.
set(CPACK_PACKAGE_NAME hw4)
set(CPACK_PACKAGE_CONTACT "hw4 maintainers <hw4@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "solves and checks a machine-learning problem set, and shows the work")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "texlive-latex-base")  # --format pdf runs pdflatex
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
