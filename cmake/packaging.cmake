# Install rules and CPack packages for every platform; scripts/package.sh builds them into dist/.
#   Linux:   a .deb (CPack DEB; Depends from dpkg-shlibdeps) — built and tested on Debian 12.
#   Windows: an NSIS installer; Qt and its plugins are deployed by Qt's deploy script (windeployqt).
#   macOS:   a .dmg (CPack DragNDrop); the bundle is completed by Qt's deploy script (macdeployqt).
# The Windows and macOS steps are written against Qt >= 6.3 and CMake's documented generators but are
# not yet verified (see README "Packages").

set(CONSOLE_PACKAGE_NAME haier-console)
# The documentation folder is named after the package (GNUInstallDirs would name it after the project).
set(CONSOLE_DOCDIR ${CMAKE_INSTALL_DATAROOTDIR}/doc/${CONSOLE_PACKAGE_NAME})

if(APPLE)
    # The command-line tools live inside the bundle, beside the console, and find Qt in its Frameworks.
    set_target_properties(haierctl ylh-sim PROPERTIES INSTALL_RPATH "@executable_path/../Frameworks")
    install(TARGETS haierctl ylh-sim RUNTIME DESTINATION haier-console.app/Contents/MacOS)
    install(TARGETS haier-console BUNDLE DESTINATION .)
else()
    install(TARGETS haierctl ylh-sim haier-console
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        BUNDLE DESTINATION .)
endif()

if(UNIX AND NOT APPLE)
    install(FILES ${CMAKE_SOURCE_DIR}/resources/haier-console.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${CMAKE_SOURCE_DIR}/resources/icons/haier-console.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
    install(FILES ${CMAKE_SOURCE_DIR}/resources/icons/haier-console.png
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/256x256/apps)
    configure_file(${CMAKE_SOURCE_DIR}/resources/haier-console.metainfo.xml
        ${CMAKE_BINARY_DIR}/local.haierconsole.HaierConsole.metainfo.xml @ONLY)
    install(FILES ${CMAKE_BINARY_DIR}/local.haierconsole.HaierConsole.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    # The unit starts the installed haierctl (the prefix is known at install time: /usr in the .deb).
    install(CODE "
        file(READ \"${CMAKE_SOURCE_DIR}/resources/deploy/haier-callbacks.service\" unit)
        string(REPLACE \"/usr/local/bin/haierctl\" \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/haierctl\" unit \"\${unit}\")
        file(WRITE \"${CMAKE_BINARY_DIR}/haier-callbacks.service\" \"\${unit}\")")
    install(FILES ${CMAKE_BINARY_DIR}/haier-callbacks.service DESTINATION lib/systemd/system)
    install(FILES ${CMAKE_SOURCE_DIR}/resources/deploy/nginx-haier-callbacks.conf DESTINATION ${CONSOLE_DOCDIR}/examples)

    # haierctl(1) from its own --help and --version, run at build time in a throwaway home so the build
    # never touches the builder's data folder.
    find_program(HELP2MAN help2man)
    if(HELP2MAN AND NOT CMAKE_CROSSCOMPILING AND NOT CONSOLE_SANITIZE AND NOT CONSOLE_FUZZ)
        set(man_home ${CMAKE_BINARY_DIR}/man-home)
        add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/haierctl.1.gz
            COMMAND ${CMAKE_COMMAND} -E make_directory ${man_home}
            COMMAND ${CMAKE_COMMAND} -E env HOME=${man_home} XDG_DATA_HOME=${man_home}/data XDG_CONFIG_HOME=${man_home}/config
                    LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=en CONSOLE_DB=${man_home}/unused.sqlite
                    ${HELP2MAN} --no-info --no-discard-stderr --section 1 --locale=C.UTF-8
                    --name "push shop orders to Haier's order centre and inspect what happened"
                    --output ${CMAKE_BINARY_DIR}/haierctl.1 $<TARGET_FILE:haierctl>
            COMMAND gzip -n -9 -f ${CMAKE_BINARY_DIR}/haierctl.1
            DEPENDS haierctl
            COMMENT "Generating the haierctl man page from its help"
            VERBATIM)
        add_custom_target(haierctl-man ALL DEPENDS ${CMAKE_BINARY_DIR}/haierctl.1.gz)
        install(FILES ${CMAKE_BINARY_DIR}/haierctl.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
    elseif(NOT HELP2MAN)
        message(STATUS "help2man not found: the package will have no haierctl man page")
    endif()
endif()

install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/LICENSE DESTINATION ${CONSOLE_DOCDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/ DESTINATION ${CONSOLE_DOCDIR}/docs
    PATTERN "screenshots" EXCLUDE)

if(WIN32 OR APPLE)
    # Qt's own deployment (windeployqt / macdeployqt underneath): the Qt libraries, the platform, SQL and
    # style plugins and the translations beside the binaries or inside the bundle.
    if(Qt6Core_VERSION VERSION_LESS 6.3)
        message(FATAL_ERROR "Packaging for Windows and macOS needs Qt 6.3 or newer (qt_generate_deploy_app_script)")
    endif()
    qt_generate_deploy_app_script(TARGET haier-console FILENAME_VARIABLE console_deploy_script NO_UNSUPPORTED_PLATFORM_ERROR)
    install(SCRIPT ${console_deploy_script})
    # QtKeychain is not part of Qt, so Qt's deploy script leaves it out.
    install(IMPORTED_RUNTIME_ARTIFACTS Qt6Keychain::Qt6Keychain
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        LIBRARY DESTINATION haier-console.app/Contents/Frameworks
        FRAMEWORK DESTINATION haier-console.app/Contents/Frameworks)
endif()

set(CPACK_PACKAGE_NAME ${CONSOLE_PACKAGE_NAME})
set(CPACK_PACKAGE_VENDOR "The Haier order push console authors")
set(CPACK_PACKAGE_CONTACT "The Haier order push console authors <maintainers@haier-console.invalid>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Operator console and CLI that push shop orders to Haier through YLH")
set(CPACK_PACKAGE_DESCRIPTION "A desktop console for retail order-desk staff that pushes paid orders with Haier appliances to Haier's order centre through the YLH interface, follows Haier's answers and signed callbacks, and retries what failed. Includes haierctl (command line), ylh-sim (simulator) and a systemd unit for the callback receiver.")
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Haier Console")
set(CPACK_PACKAGE_EXECUTABLES haier-console "Haier Order Push Console")
set(CPACK_STRIP_FILES ON)

if(WIN32)
    set(CPACK_GENERATOR NSIS)
    set(CPACK_NSIS_DISPLAY_NAME "Haier Order Push Console")
    set(CPACK_NSIS_PACKAGE_NAME "Haier Order Push Console")
    set(CPACK_NSIS_INSTALLED_ICON_NAME bin/haier-console.exe)
    set(CPACK_NSIS_MODIFY_PATH ON) # haierctl on the PATH when the user asks for it
    set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
elseif(APPLE)
    set(CPACK_GENERATOR DragNDrop)
    set(CPACK_DMG_VOLUME_NAME "Haier Console ${PROJECT_VERSION}")
else()
    set(CPACK_GENERATOR DEB)
    set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
    set(CPACK_DEBIAN_PACKAGE_SECTION misc)
    set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
    # The libraries the binaries link come from dpkg-shlibdeps; Qt's plugins are loaded at run time, so
    # the SQLite driver and the platform plugins are named here.
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, qt6-qpa-plugins")
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libqt6sql6-psql, gnome-keyring, qt6-translations-l10n")
endif()

include(CPack)
