#!/usr/bin/env bash
# Regenerates the icons, .mez archives and placeholder .pbix files of the test
# connectors in testdata/connectors. Run from the repository root:
#   bash testdata/tools/regen.sh
# The output is deterministic: on an unchanged tree, git diff stays empty.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
(cd "$root" && go build -o "$bin/mkicons" ./testdata/tools/mkicons && go build -o "$bin/mkmez" ./testdata/tools/mkmez)
c="$root/testdata/connectors"

# icons DIR NAME COLOR LETTER [mkicons flags...]
icons() { "$bin/mkicons" -dir "$c/$1" -name "$2" -color "$3" -letter "$4" "${@:5}"; }
# pbix DIR NAME: the placeholder test report, an empty but valid zip.
pbix() { "$bin/mkmez" -empty -o "$c/$1/$2.pbix"; }

icons ContosoDesk ContosoDesk 1f6feb C;   pbix ContosoDesk ContosoDesk
"$bin/mkmez" -dir "$c/ContosoDesk" -name ContosoDesk -extra client_id
icons Fabrikam Fabrikam 0e7c66 F;         pbix Fabrikam Fabrikam
"$bin/mkmez" -dir "$c/Fabrikam" -name Fabrikam
icons Litware Litware c2410c L;           pbix Litware Litware
"$bin/mkmez" -dir "$c/Litware" -name Litware

icons BadAuth Tailwind 0369a1 T;          pbix BadAuth Tailwind
icons BadDocs Woodgrove 166534 W;         pbix BadDocs Woodgrove
icons BadGeneral AlpineSkiHouse 0f766e A; pbix BadGeneral AlpineSkiHouse
icons BadKind Wingtip e11d48 W;           pbix BadKind Wingtip
icons BadKinds MargiesTravel db2777 M;    pbix BadKinds MargiesTravel
icons BadNaming FourthCoffee 78350f F;    pbix BadNaming FourthCoffee
pbix BadNotSection Northwind
icons BadOdbc VanArsdel 1d4ed8 V;         pbix BadOdbc VanArsdel
# PQC304: a 32 px image in the 16 px slot, a JPEG named .png, no 48 px file.
icons BadPublish Proseware 9333ea P -wrong 16=32 -jpeg 20 -skip 48
pbix BadPublish Proseware
icons BadPublishKinds CohoWinery 881337 C; pbix BadPublishKinds CohoWinery
icons BadResources Lamna 0891b2 L;        pbix BadResources Lamna
icons BadResx Bellows 6d28d9 B;           pbix BadResx Bellows
icons BadSecurity Relecloud ea580c R;     pbix BadSecurity Relecloud
icons BadSyntax BlueYonder 0b5394 B;      pbix BadSyntax BlueYonder
icons BadVersion Southridge 7c3aed S;     pbix BadVersion Southridge
icons Suppressed TreyResearch 4338ca T;   pbix Suppressed TreyResearch

# Submission package cases: no .pbix in BadPackage (PQC603), and archives
# that PQC601/PQC602 must reject.
icons BadPackage Adatum 15803d A
"$bin/mkmez" -dir "$c/BadPackage" -name Adatum -o "$c/BadPackage/Adatum-1.0.0.mez"
icons BadMez Humongous b91c1c H;          pbix BadMez Humongous
"$bin/mkmez" -dir "$c/BadMez" -name Humongous -omit resources.resx
icons BadMezEntry NodPublishers 4d7c0f N; pbix BadMezEntry NodPublishers
"$bin/mkmez" -dir "$c/BadMezEntry" -name NodPublishers -slip NodPublishers.pq
