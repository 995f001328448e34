#!/usr/bin/env bash
# Makes the stack's SES receipt rule set the active one in its region. CloudFormation cannot do
# this, and a region has exactly one active rule set, so activating ours replaces whatever is
# active now: this script shows that set and its rules first and asks before replacing it.
#
# usage: infra/activate-rule-set.sh [--yes] [STACK_NAME [REGION]]
#   STACK_NAME  default mentormail (samconfig.toml's stack_name)
#   REGION      default: AWS_REGION / AWS_DEFAULT_REGION / the AWS CLI's configured region
#   --yes       replace an active rule set without asking (for scripts)
# Needs the AWS CLI v2 and ses:DescribeActiveReceiptRuleSet, ses:SetActiveReceiptRuleSet and
# cloudformation:DescribeStacks.
set -euo pipefail

assume_yes=false
positional=()
for argument in "$@"; do
    case "$argument" in
        --yes | -y) assume_yes=true ;;
        -h | --help)
            sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        -*)
            echo "unknown option $argument" >&2
            exit 2
            ;;
        *) positional+=("$argument") ;;
    esac
done
stack=${positional[0]:-mentormail}
region=${positional[1]:-${AWS_REGION:-${AWS_DEFAULT_REGION:-$(aws configure get region || true)}}}
if [[ -z "$region" ]]; then
    echo "no region: pass it as the second argument or set AWS_REGION" >&2
    exit 2
fi

rule_set=$(aws cloudformation describe-stacks --region "$region" --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='ReceiptRuleSetName'].OutputValue" --output text)
if [[ -z "$rule_set" || "$rule_set" == "None" ]]; then
    echo "stack $stack in $region has no ReceiptRuleSetName output: is it deployed?" >&2
    exit 1
fi

# No active set makes the CLI print an empty result (or "None" in text output).
active=$(aws ses describe-active-receipt-rule-set --region "$region" \
    --query 'Metadata.Name' --output text 2>/dev/null || true)
if [[ "$active" == "None" ]]; then
    active=""
fi

if [[ "$active" == "$rule_set" ]]; then
    echo "$rule_set is already the active receipt rule set in $region; nothing to do."
    exit 0
fi

if [[ -n "$active" ]]; then
    echo "The active receipt rule set in $region is '$active'. Its rules:"
    aws ses describe-active-receipt-rule-set --region "$region" \
        --query 'Rules[].[Name, Enabled, join(`, `, Recipients || [`(all recipients)`])]' \
        --output table
    echo
    echo "Activating '$rule_set' REPLACES it: mail those rules handle today will no longer be"
    echo "processed by them (SES applies only the active set). Copy any rule you still need into"
    echo "'$rule_set' first, or receive that mail in another region."
    if ! $assume_yes; then
        if [[ ! -t 0 ]]; then
            echo "not a terminal: rerun with --yes to replace '$active'" >&2
            exit 1
        fi
        read -r -p "Replace '$active' with '$rule_set'? [y/N] " answer
        if [[ "$answer" != [yY]* ]]; then
            echo "left '$active' active"
            exit 1
        fi
    fi
else
    echo "No receipt rule set is active in $region; nothing is replaced."
fi

aws ses set-active-receipt-rule-set --region "$region" --rule-set-name "$rule_set"
echo "Activated '$rule_set' in $region."
if [[ -n "$active" ]]; then
    echo "To undo: aws ses set-active-receipt-rule-set --region $region --rule-set-name '$active'"
fi
echo "Before deleting the stack, deactivate it: aws ses set-active-receipt-rule-set --region $region"
