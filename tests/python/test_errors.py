"""kiln's exceptions: one class per kiln_status, carrying the status; results are immutable."""
import asyncio
import builtins
import dataclasses

import pytest

import kiln
from support import shell_local, template

CLASSES = {kiln.Status.ERROR: kiln.KilnError, kiln.Status.ENOTFOUND: kiln.NotFoundError,
           kiln.Status.EINVALID: kiln.InvalidArgumentError, kiln.Status.EVERSION: kiln.VersionMismatchError,
           kiln.Status.ECANCELLED: kiln.BuildCancelled, kiln.Status.EUSER: kiln.CallbackError,
           kiln.Status.ETEMPLATE: kiln.TemplateError, kiln.Status.ECONFIG: kiln.ConfigError,
           kiln.Status.ECOMM: kiln.CommunicatorError, kiln.Status.EREMOTE: kiln.RemoteError,
           kiln.Status.EBUILD: kiln.BuildError, kiln.Status.EEXISTS: kiln.AlreadyExistsError}


def test_no_exported_name_shadows_asyncio_or_a_builtin():
    clashes = [name for name in kiln.__all__ if hasattr(asyncio, name) or hasattr(builtins, name)]
    assert clashes == []


def test_every_status_has_its_class_and_every_class_carries_its_status():
    from kiln.errors import error_for_status
    assert set(CLASSES) == set(kiln.Status) - {kiln.Status.OK}
    for status, cls in CLASSES.items():
        error = error_for_status(int(status), "message")
        assert type(error) is cls and isinstance(error, kiln.KilnError)
        assert error.status is status and str(error) == "message" and cls.__doc__
    unknown = error_for_status(-99, "newer")
    assert type(unknown) is kiln.KilnError and unknown.status == -99


def test_the_library_s_failures_arrive_as_their_classes(tmp_path):
    with pytest.raises(kiln.TemplateError) as e:
        kiln.Template.parse("{", "broken.json")
    assert type(e.value) is kiln.TemplateError and e.value.status == kiln.Status.ETEMPLATE
    # kiln_error's klass exists from libkiln 0.2 on, and names a class for a template error.
    assert (e.value.klass is not None) == hasattr(kiln._lib.lib, "kiln_version_number")
    assert e.value.klass != 0
    with template(provisioners=[shell_local("true", colour=1)]) as t:
        with pytest.raises(kiln.ConfigError) as e:
            t.build()
    assert e.value.status == kiln.Status.ECONFIG and isinstance(e.value, kiln.TemplateError)
    with template(provisioners=[shell_local("exit 4")]) as t:
        with pytest.raises(kiln.BuildError) as e:
            t.build()
    assert e.value.status == kiln.Status.EBUILD
    assert e.value.result.builds == e.value.results and e.value.results[0].error.endswith("Allowed exit codes are: [0]")


def test_results_are_immutable():
    with template() as t:
        result = t.run()
    assert [a.id for a in result.artifacts] == ["Null"] and '"artifact_id": "Null"' in result.manifest
    for value, field in ((result, "builds"), (result.builds[0], "ok"), (result.artifacts[0], "id")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, field, None)
    assert isinstance(result.builds, tuple) and isinstance(result.builds[0].artifacts, tuple)
    assert isinstance(result.artifacts[0].files, tuple)
