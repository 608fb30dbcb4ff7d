// The kiln C++ API in one include.
#pragma once

#include "kiln/artifact.hpp"
#include "kiln/build.hpp"
#include "kiln/cancel.hpp"
#include "kiln/cleanup.hpp"
#include "kiln/communicator.hpp"
#include "kiln/config.hpp"
#include "kiln/error.hpp"
#include "kiln/events.hpp"
#include "kiln/global.hpp"
#include "kiln/interpolate.hpp"
#include "kiln/plugin.hpp"
#include "kiln/prompt.hpp"
#include "kiln/registry.hpp"
#include "kiln/template.hpp"
#include "kiln/value.hpp"
#include "kiln/version.hpp"
